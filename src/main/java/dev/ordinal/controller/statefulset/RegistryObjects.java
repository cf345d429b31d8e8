package dev.ordinal.controller.statefulset;

import java.util.List;
import java.util.Optional;

import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.CacheExpectations;
import dev.ordinal.controller.ControllerRefManager;
import dev.ordinal.controller.OwnerReferencePatches;
import dev.ordinal.controller.OwnerReferences;
import dev.ordinal.controller.SyncErrors;
import dev.ordinal.controller.runtime.ControllerUidIndex;
import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.DeleteOptions;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * The controller's objects on the server: reads from the informer caches, writes through the
 * generic registry like any client's (defaulting, validation, resourceVersion checks, watch
 * events), each write noted in the {@link CacheExpectations}.
 */
final class RegistryObjects implements StatefulPodObjects, ControllerHistory, StatusUpdater {

    /** Conflicts a status write retries on before giving up (client-go retry.DefaultRetry). */
    private static final int STATUS_ATTEMPTS = 5;

    private final GenericRegistry registry;
    private final Definitions definitions;
    private final Informers informers;
    private final CacheExpectations expectations;
    private final OwnerReferencePatches podReferences;
    private final OwnerReferencePatches revisionReferences;

    RegistryObjects(GenericRegistry registry, Definitions definitions, Informers informers,
                    CacheExpectations expectations) {
        this.registry = registry;
        this.definitions = definitions;
        this.informers = informers;
        this.expectations = expectations;
        this.podReferences = new OwnerReferencePatches(registry, definitions.pods(), OwnerReferences.STATEFUL_SET);
        this.revisionReferences = new OwnerReferencePatches(registry, definitions.revisions(),
                OwnerReferences.STATEFUL_SET);
    }

    @Override
    public void createPod(Unstructured pod) {
        expectations.expect(informers.pods(),
                registry.create(definitions.pods(), pod.namespace(), pod, WriteOptions.defaults()));
    }

    @Override
    public Optional<Unstructured> getPod(String namespace, String name) {
        return informers.pods().get(namespace, name);
    }

    @Override
    public void updatePod(Unstructured pod) {
        expectations.expect(informers.pods(), registry.update(definitions.pods(), pod.namespace(), pod.name(), pod,
                null, WriteOptions.defaults()));
    }

    @Override
    public void deletePod(Unstructured pod) {
        expectations.expect(informers.pods(),
                registry.delete(definitions.pods(), pod.namespace(), pod.name(), DeleteOptions.defaults()));
    }

    @Override
    public void adoptPod(Unstructured set, Unstructured pod) {
        expectations.expect(informers.pods(), podReferences.adopt(set, pod));
    }

    @Override
    public void releasePod(Unstructured set, Unstructured pod) {
        expectations.expect(informers.pods(), podReferences.release(set, pod));
    }

    @Override
    public void createClaim(Unstructured claim) {
        expectations.expect(informers.claims(), registry.create(definitions.claims(), claim.namespace(), claim,
                WriteOptions.defaults()));
    }

    @Override
    public Optional<Unstructured> getClaim(String namespace, String name) {
        return informers.claims().get(namespace, name);
    }

    @Override
    public void updateClaim(Unstructured claim) {
        expectations.expect(informers.claims(), registry.update(definitions.claims(), claim.namespace(),
                claim.name(), claim, null, WriteOptions.defaults()));
    }

    @Override
    public List<Unstructured> listOwnedOrOrphaned(Unstructured set) {
        return ControllerUidIndex.controlledOrOrphaned(informers.revisions(), set);
    }

    @Override
    public Optional<Unstructured> get(String namespace, String name) {
        return registry.find(definitions.revisions(), namespace, name);
    }

    @Override
    public Unstructured create(Unstructured revision) {
        Unstructured created = registry.create(definitions.revisions(), revision.namespace(), revision,
                WriteOptions.defaults());
        expectations.expect(informers.revisions(), created);
        return created;
    }

    @Override
    public Unstructured update(Unstructured revision) {
        Unstructured updated = registry.update(definitions.revisions(), revision.namespace(), revision.name(),
                revision, null, WriteOptions.defaults());
        expectations.expect(informers.revisions(), updated);
        return updated;
    }

    @Override
    public void delete(Unstructured revision) {
        expectations.expect(informers.revisions(), registry.delete(definitions.revisions(), revision.namespace(),
                revision.name(), DeleteOptions.defaults()));
    }

    @Override
    public Unstructured adopt(Unstructured set, Unstructured revision) {
        if (OwnerReferences.controllerOf(revision).isPresent()) {
            throw new IllegalStateException("attempt to adopt revision owned by "
                    + OwnerReferences.controllerOf(revision).get());
        }
        Unstructured adopted = revisionReferences.adopt(set, revision);
        expectations.expect(informers.revisions(), adopted);
        return adopted;
    }

    /**
     * Replaces the set's status through the status subresource; on a conflict it retries with the
     * latest stored set (upstream realStatefulSetStatusUpdater).
     */
    @Override
    public void updateStatus(Unstructured set, ObjectNode status) {
        Unstructured target = set.deepCopy();
        for (int attempt = 1; ; attempt++) {
            target.json().set("status", status.deepCopy());
            try {
                expectations.expect(informers.sets(), registry.update(definitions.statefulSets(), target.namespace(),
                        target.name(), target, Subresource.STATUS, WriteOptions.defaults()));
                return;
            } catch (StatusError e) {
                if (!SyncErrors.isConflict(e) || attempt == STATUS_ATTEMPTS) {
                    throw e;
                }
                target = registry.get(definitions.statefulSets(), set.namespace(), set.name());
            }
        }
    }

    /** Adoption needs the set as stored now, not as cached: not deleted or replaced meanwhile. */
    void checkCanAdopt(Unstructured set) {
        ControllerRefManager.checkCanAdopt(definitions.statefulSets(), set,
                registry.find(definitions.statefulSets(), set.namespace(), set.name()));
    }

    /** The kinds the controller reads and writes. */
    record Definitions(ResourceDefinition statefulSets, ResourceDefinition pods, ResourceDefinition claims,
                       ResourceDefinition revisions) {
    }

    /** The controller's informers, one per kind it reads. */
    record Informers(SharedIndexInformer sets, SharedIndexInformer pods, SharedIndexInformer claims,
                     SharedIndexInformer revisions) {
    }
}
