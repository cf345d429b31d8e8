package dev.ordinal.registry.rest;

import dev.ordinal.machinery.Unstructured;

/** A subresource that can be read (GET), upstream's {@code rest.Getter}. */
public interface Getter extends SubresourceStorage {

    Unstructured get(ResourceDefinition parent, String namespace, String name);
}
