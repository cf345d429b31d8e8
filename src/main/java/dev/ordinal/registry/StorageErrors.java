package dev.ordinal.registry;

import java.util.function.Supplier;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.storage.ResourceVersionExpiredException;

/**
 * Storage's own errors as the API reports them, in one place, as upstream's
 * {@code registry/generic/registry} store turns them through {@code storage/errors}: a watch from a
 * resourceVersion the change log no longer holds is 410 Expired, so clients relist.
 */
final class StorageErrors {

    private StorageErrors() {
    }

    static <T> T interpreted(Supplier<T> storageCall) {
        try {
            return storageCall.get();
        } catch (ResourceVersionExpiredException e) {
            throw StatusError.expired(e.getMessage());
        }
    }
}
