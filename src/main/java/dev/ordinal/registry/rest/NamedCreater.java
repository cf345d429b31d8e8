package dev.ordinal.registry.rest;

import dev.ordinal.machinery.Unstructured;

/**
 * A subresource that is created (POST) on a named object, upstream's {@code rest.NamedCreater};
 * it answers 201 with what it returns.
 */
public interface NamedCreater extends SubresourceStorage {

    Unstructured create(ResourceDefinition parent, String namespace, String name, Unstructured object,
                        WriteOptions options);
}
