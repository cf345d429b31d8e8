package dev.ordinal.registry.rest;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.security.UserInfo;

/**
 * A kind that is only ever created and never stored, upstream's {@code rest.Creater} without a
 * store behind it (the access reviews): a create answers the object with its status filled in,
 * worked out for the requesting user, and nothing else is served.
 */
public interface Creater {

    /** Answers the create of {@code body} in {@code namespace} ("" for a cluster-scoped kind) by {@code user}. */
    Unstructured create(String namespace, Unstructured body, UserInfo user);
}
