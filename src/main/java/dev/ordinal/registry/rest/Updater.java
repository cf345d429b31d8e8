package dev.ordinal.registry.rest;

import java.util.function.UnaryOperator;

import dev.ordinal.machinery.Unstructured;

/**
 * A subresource that can be replaced (PUT) and, when it is a {@link Getter} too, patched:
 * upstream's {@code rest.Updater}. {@code updatedObject} is upstream's {@code UpdatedObjectInfo}:
 * it turns the subresource's current object into the one to store (the request's body, or the
 * current object with the patch applied), and runs inside the write, on the latest state.
 */
public interface Updater extends SubresourceStorage {

    Unstructured update(ResourceDefinition parent, String namespace, String name,
                        UnaryOperator<Unstructured> updatedObject, WriteOptions options);
}
