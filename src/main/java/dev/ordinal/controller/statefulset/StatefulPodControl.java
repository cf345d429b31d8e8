package dev.ordinal.controller.statefulset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.OwnerReferences;
import dev.ordinal.controller.SyncErrors;
import dev.ordinal.machinery.Unstructured;

/**
 * The side effects of the StatefulSet controller on pods and claims, each with its Event
 * (upstream stateful_pod_control.go): create a pod's claims and then the pod, repair a pod's
 * identity and storage, delete a pod, and keep the claims' owner references in line with the
 * retention policy.
 */
final class StatefulPodControl {

    private final StatefulPodObjects objects;
    private final StatefulSetEvents events;

    StatefulPodControl(StatefulPodObjects objects, StatefulSetEvents events) {
        this.objects = objects;
        this.events = events;
    }

    /**
     * Creates the pod's missing claims, then the pod, then sets the claims' owner references. A pod
     * that already exists is reported as AlreadyExists without an Event.
     */
    void createStatefulPod(Unstructured set, Unstructured pod) {
        try {
            createPersistentVolumeClaims(set, pod);
        } catch (RuntimeException e) {
            recordPodEvent("create", set, pod, e);
            throw e;
        }
        RuntimeException createError = null;
        try {
            objects.createPod(pod.deepCopy());
        } catch (RuntimeException e) {
            if (SyncErrors.isAlreadyExists(e)) {
                throw e;
            }
            createError = e;
        }
        try {
            updatePodClaimForRetentionPolicy(set, pod);
        } catch (RuntimeException e) {
            recordPodEvent("update", set, pod, e);
            throw e;
        }
        recordPodEvent("create", set, pod, createError);
        if (createError != null) {
            throw createError;
        }
    }

    /**
     * Brings an existing pod's identity labels and claim volumes back in line with the set and its
     * claims' owner references with the retention policy; updates the pod, retrying on conflicts.
     */
    void updateStatefulPod(Unstructured set, Unstructured pod) {
        boolean attemptedUpdate = false;
        RuntimeException failure = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            boolean consistent = true;
            if (!PodIdentity.identityMatches(set, pod)) {
                PodIdentity.updateIdentity(set, pod);
                consistent = false;
            }
            try {
                if (!PodIdentity.storageMatches(set, pod)) {
                    PodIdentity.updateStorage(set, pod);
                    consistent = false;
                    createPersistentVolumeClaims(set, pod);
                }
                if (!claimsMatchRetentionPolicy(set, pod)) {
                    updatePodClaimForRetentionPolicy(set, pod);
                    consistent = false;
                }
            } catch (RuntimeException e) {
                recordPodEvent("update", set, pod, e);
                throw e;
            }
            if (consistent) {
                return;
            }
            attemptedUpdate = true;
            try {
                objects.updatePod(pod);
                failure = null;
                break;
            } catch (RuntimeException e) {
                failure = e;
                Optional<Unstructured> latest = objects.getPod(set.namespace(), pod.name());
                if (latest.isPresent()) {
                    pod = latest.get().deepCopy();
                }
                if (!SyncErrors.isConflict(e)) {
                    break;
                }
            }
        }
        if (attemptedUpdate) {
            recordPodEvent("update", set, pod, failure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    void deleteStatefulPod(Unstructured set, Unstructured pod) {
        try {
            objects.deletePod(pod);
        } catch (RuntimeException e) {
            recordPodEvent("delete", set, pod, e);
            throw e;
        }
        recordPodEvent("delete", set, pod, null);
    }

    /** Whether every existing claim of the pod carries the owner references the policy asks for. */
    boolean claimsMatchRetentionPolicy(Unstructured set, Unstructured pod) {
        for (ObjectNode template : StatefulSetSpec.volumeClaimTemplates(set)) {
            String name = PersistentVolumeClaims.claimName(set, template, PodIdentity.ordinal(pod));
            Optional<Unstructured> claim = objects.getClaim(set.namespace(), name);
            if (claim.isPresent() && !ClaimRetention.isClaimOwnerUpToDate(claim.get(), set, pod)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Rewrites the owner references of the pod's existing claims for the retention policy. A claim
     * controlled by another object gets a ConflictingController warning and loses our references.
     */
    void updatePodClaimForRetentionPolicy(Unstructured set, Unstructured pod) {
        for (ObjectNode template : StatefulSetSpec.volumeClaimTemplates(set)) {
            String name = PersistentVolumeClaims.claimName(set, template, PodIdentity.ordinal(pod));
            Optional<Unstructured> found = objects.getClaim(set.namespace(), name);
            if (found.isEmpty()) {
                continue;
            }
            Unstructured claim = found.get();
            if (ClaimRetention.hasUnexpectedController(claim, set, pod)) {
                // "manging" is upstream's spelling.
                events.record(set, StatefulSetEvents.WARNING, "ConflictingController", "PersistentVolumeClaim " + name
                        + " has a conflicting OwnerReference that acts as a manging controller, the retention policy"
                        + " is ignored for this claim");
            }
            if (!ClaimRetention.isClaimOwnerUpToDate(claim, set, pod)) {
                Unstructured updated = claim.deepCopy();
                ClaimRetention.updateClaimOwnerRefs(updated, set, pod);
                try {
                    objects.updateClaim(updated);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("could not update claim " + name
                            + " for delete policy ownerRefs: " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * Whether a claim of the pod still belongs to an earlier pod of the same name, which a
     * scale-down with {@code whenScaled: Delete} left for the garbage collector: the pod must wait
     * until that claim is gone.
     */
    boolean podClaimIsStale(Unstructured set, Unstructured pod) {
        if (!StatefulSetSpec.retentionPolicy(set).deleteWhenScaled()) {
            return false;
        }
        for (ObjectNode claim : PersistentVolumeClaims.forOrdinal(set, PodIdentity.ordinal(pod)).values()) {
            Optional<Unstructured> stored = objects.getClaim(set.namespace(), claim.path("metadata").path("name").asString(""));
            if (stored.isPresent() && ClaimRetention.hasStaleOwnerRef(stored.get(), pod, OwnerReferences.POD)) {
                return true;
            }
        }
        return false;
    }

    /** Recreates claims a pending pod lost and sets their owner references. */
    void createMissingPersistentVolumeClaims(Unstructured set, Unstructured pod) {
        createPersistentVolumeClaims(set, pod);
        try {
            updatePodClaimForRetentionPolicy(set, pod);
        } catch (RuntimeException e) {
            recordPodEvent("update", set, pod, e);
            throw e;
        }
    }

    /**
     * Creates the claims of the pod that do not exist; existing ones are used as they are, unless
     * they are being deleted, which fails the pod's creation until they are gone.
     */
    private void createPersistentVolumeClaims(Unstructured set, Unstructured pod) {
        List<RuntimeException> errors = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> entry : PersistentVolumeClaims.forOrdinal(set, PodIdentity.ordinal(pod))
                .entrySet()) {
            Unstructured claim = new Unstructured(entry.getValue());
            Optional<Unstructured> stored = objects.getClaim(set.namespace(), claim.name());
            if (stored.isEmpty()) {
                RuntimeException createError = null;
                try {
                    objects.createClaim(claim);
                } catch (RuntimeException e) {
                    createError = e;
                    errors.add(new IllegalStateException("failed to create PVC " + claim.name() + ": "
                            + e.getMessage(), e));
                }
                if (createError == null || !SyncErrors.isAlreadyExists(createError)) {
                    recordClaimEvent("create", set, pod, claim, createError);
                }
            } else if (stored.get().isBeingDeleted()) {
                errors.add(new IllegalStateException("pvc " + claim.name() + " is being deleted"));
            }
        }
        SyncErrors.throwIfAny(errors);
    }

    private void recordPodEvent(String verb, Unstructured set, Unstructured pod, RuntimeException error) {
        if (error == null) {
            events.record(set, StatefulSetEvents.NORMAL, "Successful" + title(verb),
                    verb + " Pod " + pod.name() + " in StatefulSet " + set.name() + " successful");
        } else {
            events.record(set, StatefulSetEvents.WARNING, "Failed" + title(verb),
                    verb + " Pod " + pod.name() + " in StatefulSet " + set.name() + " failed error: " + error.getMessage());
        }
    }

    private void recordClaimEvent(String verb, Unstructured set, Unstructured pod, Unstructured claim,
                                  RuntimeException error) {
        if (error == null) {
            events.record(set, StatefulSetEvents.NORMAL, "Successful" + title(verb),
                    verb + " Claim " + claim.name() + " Pod " + pod.name() + " in StatefulSet " + set.name()
                            + " success");
        } else {
            events.record(set, StatefulSetEvents.WARNING, "Failed" + title(verb),
                    verb + " Claim " + claim.name() + " for Pod " + pod.name() + " in StatefulSet " + set.name()
                            + " failed error: " + error.getMessage());
        }
    }

    private static String title(String verb) {
        return Character.toUpperCase(verb.charAt(0)) + verb.substring(1);
    }
}
