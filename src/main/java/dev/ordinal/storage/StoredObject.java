package dev.ordinal.storage;

import dev.ordinal.machinery.Unstructured;

/**
 * An object as the store holds it: the tree, shared by every reader and never changed, and the
 * JSON it was committed as. Lists answer with that JSON as it is, as upstream's watch cache
 * serves objects encoded once (its cachingObject) instead of encoding each one per request.
 */
public record StoredObject(Unstructured object, byte[] json) {
}
