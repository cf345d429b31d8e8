package dev.ordinal.registry.rest;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.ResourceDefinition;
import dev.ordinal.registry.WriteOptions;

/**
 * A subresource that is created (POST) on a named object, upstream's {@code rest.NamedCreater};
 * it answers 201 with what it returns.
 */
public interface NamedCreater extends SubresourceStorage {

    Unstructured create(ResourceDefinition parent, String namespace, String name, Unstructured object,
                        WriteOptions options);
}
