package dev.ordinal.registry.rest;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;

/**
 * What is particular to one kind when it is created, updated and deleted: the counterpart of
 * upstream's RESTCreateStrategy, RESTUpdateStrategy and RESTDeleteStrategy together. Everything
 * common to all kinds (metadata, resourceVersions, namespaces, finalizers) stays in
 * {@link GenericRegistry}.
 */
public interface Strategy {

    /** Fills unset fields with their defaults (upstream's scheme defaulting). */
    default void applyDefaults(Unstructured object) {
    }

    /**
     * Whether an object read from storage is defaulted again on its way to the client, as upstream's
     * storage codec decodes custom resources (pruned and defaulted by the requested version's
     * schema), so a default added to a schema shows on objects written before it.
     */
    default boolean defaultsOnRead() {
        return false;
    }

    /**
     * Whether a create through the main resource drops the status the client sent, as most
     * upstream strategies do (a node registering itself keeps its status).
     */
    default boolean resetsStatusOnCreate() {
        return true;
    }

    /** Adjusts a new object before validation, e.g. clears or initialises status. */
    default void prepareForCreate(Unstructured object) {
    }

    /** Adjusts an update of the main resource before validation; the registry already kept status. */
    default void prepareForUpdate(Unstructured object, Unstructured old) {
    }

    default List<FieldError> validate(Unstructured object) {
        return List.of();
    }

    default List<FieldError> validateUpdate(Unstructured object, Unstructured old) {
        return validate(object);
    }

    /**
     * Adjusts a write through the status subresource before validation; the registry already kept
     * everything but status from the stored object.
     */
    default void prepareForStatusUpdate(Unstructured object, Unstructured old) {
    }

    /**
     * Whether a write through the status subresource may also change {@code metadata.annotations}.
     * Upstream's Deployment status strategy resets only spec and labels, and its controller
     * records the revision annotation with its status writes.
     */
    default boolean statusUpdateKeepsAnnotations() {
        return false;
    }

    /** Validates a write through the status subresource. */
    default List<FieldError> validateStatusUpdate(Unstructured object, Unstructured old) {
        return List.of();
    }

    /** The rule {@code metadata.name} must follow. */
    default NameRule nameRule() {
        return NameRule.DNS1123_SUBDOMAIN;
    }

    /** Whether metadata.generation counts changes of {@code spec}, as for workloads. */
    default boolean tracksGeneration() {
        return false;
    }

    /** Field-selector fields beyond metadata.name and metadata.namespace, with their values. */
    default Map<String, String> selectableFields(Unstructured object) {
        return Map.of();
    }

    /** The names of {@link #selectableFields}, for rejecting unsupported field selectors. */
    default Set<String> selectableFieldNames() {
        return Set.of();
    }

    /**
     * The grace period a deletion gets, in seconds, or 0 to delete at once. Upstream gives one to
     * scheduled pods only; the simulated kubelet then finishes the deletion.
     */
    default long gracePeriodSeconds(Unstructured object, Long requested) {
        return 0;
    }

    /**
     * Whether something of this kind, beyond metadata.finalizers, keeps an object that is being
     * deleted: a namespace's spec.finalizers, a pod's pending grace period.
     */
    default boolean holdsDeletion(Unstructured object) {
        return false;
    }

    /** Marks an object whose deletion has to wait, e.g. a namespace turns Terminating. */
    default void prepareForDelete(Unstructured object) {
    }

    /**
     * What a delete without a propagation policy does to dependents. Upstream's current API
     * versions (apps/v1 included) delete them; only deprecated versions orphan by default.
     */
    default GarbageCollectionPolicy defaultGarbageCollectionPolicy() {
        return GarbageCollectionPolicy.DELETE_DEPENDENTS;
    }
}
