package dev.ordinal.registry.admission;

/** What a request does to the object admission looks at, upstream's {@code admission.Operation}. */
public enum Operation { CREATE, UPDATE, DELETE, CONNECT }
