package dev.ordinal.registry.rest;

/**
 * What happens to an object's dependents when it is deleted without a propagation policy, as
 * upstream's {@code rest.GarbageCollectionPolicy} that a kind's delete strategy declares.
 */
public enum GarbageCollectionPolicy {
    /** Dependents are garbage collected: a delete without a policy is a Background delete. */
    DELETE_DEPENDENTS,
    /** Dependents are orphaned: a delete without a policy is an Orphan delete. */
    ORPHAN_DEPENDENTS,
    /** The kind takes no part in garbage collection: deletes never add its finalizers. */
    UNSUPPORTED
}
