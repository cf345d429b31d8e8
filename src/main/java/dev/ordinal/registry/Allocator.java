package dev.ordinal.registry;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;

/**
 * Hands out, for the writes of one resource, values that must be unique across all its objects,
 * such as the cluster IPs of Services: the BeginCreate and BeginUpdate hooks upstream's service
 * REST storage adds to the generic store. The registry calls it after defaulting and before the
 * strategy prepares and validates, so validation sees what was allocated.
 */
public interface Allocator {

    /** The resource whose writes go through this allocator. */
    GroupResource resource();

    /** Allocates what a new object needs; throws a {@code StatusError} when it cannot. */
    Allocation allocateCreate(Unstructured object);

    /** Allocates what an update newly needs (e.g. a type change); throws when it cannot. */
    Allocation allocateUpdate(Unstructured object, Unstructured old);

    /**
     * What one write holds until it has returned, committed or not: from then on the stored
     * object holds what it got, and a failed or dry-run write leaves it free again.
     */
    interface Allocation extends AutoCloseable {

        Allocation NONE = () -> { };

        @Override
        void close();
    }
}
