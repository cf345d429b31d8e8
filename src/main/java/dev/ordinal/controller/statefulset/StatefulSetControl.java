package dev.ordinal.controller.statefulset;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.ordinal.controller.SyncErrors;
import dev.ordinal.machinery.Unstructured;

/**
 * The StatefulSet controller's algorithm (upstream stateful_set_control.go): one sync brings a
 * set's pods one step closer to its spec and reports the status it saw. The writes go through
 * {@link StatefulPodControl}, {@link RevisionHistory} and the {@link StatusUpdater}, so the
 * decisions here run as well against the server as against plain objects in a test.
 *
 * <p>OrderedReady ("monotonic") sets create pods in ascending ordinal order, each after all lower
 * ones are Running, Ready and available, delete them in descending order one at a time, and stop at
 * the first pod that is not healthy. Parallel ("burst") sets create and delete all at once. A
 * RollingUpdate then replaces one pod at a time from the highest ordinal down to the partition.
 */
final class StatefulSetControl {

    /** The most pods a Parallel set creates or deletes at once (upstream MaxBatchSize). */
    static final int MAX_BATCH_SIZE = 500;

    private final StatefulPodControl podControl;
    private final RevisionHistory revisionHistory;
    private final StatusUpdater statusUpdater;
    private final Clock clock;
    private final boolean maxUnavailableEnabled;

    /**
     * @param maxUnavailableEnabled whether the MaxUnavailableStatefulSet feature is on, so rolling
     *                              updates may replace up to {@code rollingUpdate.maxUnavailable} pods at once
     */
    StatefulSetControl(StatefulPodControl podControl, RevisionHistory revisionHistory, StatusUpdater statusUpdater,
                       Clock clock, boolean maxUnavailableEnabled) {
        this.podControl = podControl;
        this.revisionHistory = revisionHistory;
        this.statusUpdater = statusUpdater;
        this.clock = clock;
        this.maxUnavailableEnabled = maxUnavailableEnabled;
    }

    /**
     * Syncs {@code set} with the pods it owns: resolves its revisions, creates, repairs and deletes
     * pods and claims, writes the status if it changed, and truncates the history. The status is
     * written and the history truncated even when a step failed; the failure is thrown after.
     *
     * @return the status the sync computed
     */
    ReplicaStatus updateStatefulSet(Unstructured set, List<Unstructured> pods) {
        List<Unstructured> revisions = revisionHistory.list(set);
        List<RuntimeException> errors = new ArrayList<>();
        RevisionHistory.Revisions resolved = null;
        ReplicaStatus status = null;
        try {
            resolved = revisionHistory.resolve(set, revisions);
            status = newStatus(set, resolved);
            try {
                updatePods(set, resolved, pods, status);
            } catch (RuntimeException e) {
                errors.add(e);
            }
            updateStatefulSetStatus(set, status);
        } catch (RuntimeException e) {
            errors.add(e);
        }
        try {
            revisionHistory.truncate(set, pods, revisions, resolved == null ? null : resolved.current(),
                    resolved == null ? null : resolved.update());
        } catch (RuntimeException e) {
            errors.add(e);
        }
        SyncErrors.throwIfAny(errors);
        return status;
    }

    private static ReplicaStatus newStatus(Unstructured set, RevisionHistory.Revisions revisions) {
        ReplicaStatus status = new ReplicaStatus();
        status.observedGeneration = set.generation();
        status.currentRevision = revisions.current().name();
        status.updateRevision = revisions.update().name();
        status.collisionCount = revisions.collisionCount();
        return status;
    }

    /** Writes the status when it completes a rolling update or differs from the stored one. */
    private void updateStatefulSetStatus(Unstructured set, ReplicaStatus status) {
        status.completeRollingUpdate(set);
        if (status.differsFrom(ReplicaStatus.of(set))) {
            statusUpdater.updateStatus(set, status.toJson());
        }
    }

    /** The three passes over the set's pods (upstream updateStatefulSet). */
    private void updatePods(Unstructured set, RevisionHistory.Revisions revisions, List<Unstructured> pods,
                            ReplicaStatus status) {
        Unstructured currentSet = ControllerRevisions.applyRevision(set, revisions.current());
        Unstructured updateSet = ControllerRevisions.applyRevision(set, revisions.update());
        String currentRevision = revisions.current().name();
        String updateRevision = revisions.update().name();
        int minReadySeconds = StatefulSetSpec.minReadySeconds(set);
        Instant now = clock.instant();
        status.count(minReadySeconds, now, pods);

        // In-range pods at their index (ordinal - start); every other member with an ordinal is condemned.
        int start = StatefulSetSpec.startOrdinal(set);
        Unstructured[] replicas = new Unstructured[StatefulSetSpec.replicas(set)];
        List<Unstructured> condemned = new ArrayList<>();
        for (Unstructured pod : pods) {
            if (PodIdentity.inOrdinalRange(pod, set)) {
                replicas[PodIdentity.ordinal(pod) - start] = pod;
            } else if (PodIdentity.ordinal(pod) >= 0) {
                condemned.add(pod);
            }
        }
        for (int index = 0; index < replicas.length; index++) {
            if (replicas[index] == null) {
                replicas[index] = PodIdentity.newVersionedPod(currentSet, updateSet, currentRevision, updateRevision,
                        start + index);
            }
        }
        condemned.sort(Comparator.comparingInt((Unstructured pod) -> PodIdentity.ordinal(pod)).reversed());
        Unstructured firstUnhealthy = firstUnhealthy(replicas, condemned);

        // A set being deleted only gets its status updated.
        if (set.isBeingDeleted()) {
            return;
        }
        boolean monotonic = !StatefulSetSpec.allowsBurst(set);
        boolean blocked;
        try {
            blocked = runForAll(replicas.length,
                    i -> processReplica(set, updateSet, monotonic, replicas[i], minReadySeconds, now), monotonic)
                    || runForAll(condemned.size(), i -> fixClaimsOfCondemned(updateSet, condemned.get(i)), monotonic)
                    || runForAll(condemned.size(), i -> processCondemned(set, firstUnhealthy, monotonic,
                            condemned.get(i), minReadySeconds, now), monotonic);
        } finally {
            status.count(minReadySeconds, now, Arrays.asList(replicas), condemned);
        }
        // Scaling comes before updating; OnDelete leaves replacing pods to their users.
        if (blocked || StatefulSetSpec.isOnDelete(set)) {
            return;
        }
        if (maxUnavailableEnabled) {
            rollingUpdateWithMaxUnavailable(set, replicas, updateRevision, status);
        } else {
            rollingUpdate(set, replicas, updateRevision, status);
        }
    }

    /** The lowest in-range pod that is not healthy, else the lowest such condemned pod, else null. */
    private static Unstructured firstUnhealthy(Unstructured[] replicas, List<Unstructured> condemned) {
        for (Unstructured replica : replicas) {
            if (!PodHealth.isHealthy(replica)) {
                return replica;
            }
        }
        for (int i = condemned.size() - 1; i >= 0; i--) {
            if (!PodHealth.isHealthy(condemned.get(i))) {
                return condemned.get(i);
            }
        }
        return null;
    }

    /**
     * Pass 1, for one in-range pod (upstream processReplica): replace it when it failed or
     * succeeded, create it (with its claims) when missing, recreate claims of a pending pod,
     * wait for it to be Running, Ready and available when monotonic, and repair its identity,
     * storage and claim references.
     *
     * @return whether a monotonic set has to stop here for this sync
     */
    private boolean processReplica(Unstructured set, Unstructured updateSet, boolean monotonic, Unstructured replica,
                                   int minReadySeconds, Instant now) {
        // Evicted or shut-down pods end Failed or Succeeded whatever their containers did; both are
        // replaced, on a later sync once the old pod object is gone.
        if (PodHealth.isFailed(replica) || PodHealth.isSucceeded(replica)) {
            if (!PodHealth.isTerminating(replica)) {
                podControl.deleteStatefulPod(set, replica);
            }
            return true;
        }
        if (!PodHealth.isCreated(replica)) {
            if (podControl.podClaimIsStale(set, replica)) {
                return true;
            }
            try {
                podControl.createStatefulPod(set, replica);
            } catch (RuntimeException e) {
                // The name is taken: by a pod this sync did not see as created yet, or by one the set
                // released. The pod's own events bring the set back; this is no failure to retry.
                if (SyncErrors.isAlreadyExists(e)) {
                    return true;
                }
                throw e;
            }
            if (monotonic) {
                return true;
            }
        }
        if (PodHealth.isPending(replica)) {
            podControl.createMissingPersistentVolumeClaims(set, replica);
        }
        if (monotonic && (PodHealth.isTerminating(replica) || !PodHealth.isRunningAndReady(replica)
                || !PodHealth.isRunningAndAvailable(replica, minReadySeconds, now))) {
            return true;
        }
        if (PodIdentity.identityMatches(set, replica) && PodIdentity.storageMatches(set, replica)
                && podControl.claimsMatchRetentionPolicy(updateSet, replica)) {
            return false;
        }
        podControl.updateStatefulPod(updateSet, replica.deepCopy());
        return false;
    }

    /** Pass 2a: hands the claims of a condemned pod over as the retention policy says, before it goes. */
    private boolean fixClaimsOfCondemned(Unstructured updateSet, Unstructured pod) {
        if (!podControl.claimsMatchRetentionPolicy(updateSet, pod)) {
            podControl.updatePodClaimForRetentionPolicy(updateSet, pod);
        }
        return false;
    }

    /**
     * Pass 2b, for one condemned pod, highest ordinal first (upstream processCondemned): a
     * monotonic set waits for a terminating pod and for an unhealthy one unless it is the first
     * unhealthy pod, then deletes one pod per sync.
     */
    private boolean processCondemned(Unstructured set, Unstructured firstUnhealthy, boolean monotonic,
                                     Unstructured pod, int minReadySeconds, Instant now) {
        if (PodHealth.isTerminating(pod)) {
            return monotonic;
        }
        boolean unavailable = !PodHealth.isRunningAndReady(pod)
                || !PodHealth.isRunningAndAvailable(pod, minReadySeconds, now);
        if (monotonic && unavailable && pod != firstUnhealthy) {
            return true;
        }
        podControl.deleteStatefulPod(set, pod);
        return true;
    }

    /**
     * Pass 3 (MaxUnavailableStatefulSet off): deletes the highest pod at or above the partition
     * that is not at the update revision, one per sync; an unhealthy pod on the way stops it.
     */
    private void rollingUpdate(Unstructured set, Unstructured[] replicas, String updateRevision,
                               ReplicaStatus status) {
        int updateMin = StatefulSetSpec.hasRollingUpdate(set) ? StatefulSetSpec.partition(set) : 0;
        for (int target = replicas.length - 1; target >= updateMin; target--) {
            Unstructured pod = replicas[target];
            if (!PodIdentity.revision(pod).equals(updateRevision) && !PodHealth.isTerminating(pod)) {
                deleteForUpdate(set, pod);
                status.currentReplicas--;
                return;
            }
            if (!PodHealth.isHealthy(pod)) {
                return;
            }
        }
    }

    /**
     * Pass 3 with MaxUnavailableStatefulSet on: when fewer than maxUnavailable in-range pods are
     * unhealthy, deletes up to the difference of outdated pods from the highest ordinal down to the
     * partition in one sync.
     */
    private void rollingUpdateWithMaxUnavailable(Unstructured set, Unstructured[] replicas, String updateRevision,
                                                 ReplicaStatus status) {
        int updateMin = 0;
        int maxUnavailable = 1;
        if (StatefulSetSpec.hasRollingUpdate(set)) {
            updateMin = StatefulSetSpec.partition(set);
            maxUnavailable = maxUnavailable(StatefulSetSpec.maxUnavailable(set), replicas.length);
        }
        int unavailable = (int) Arrays.stream(replicas).filter(pod -> !PodHealth.isHealthy(pod)).count();
        if (unavailable >= maxUnavailable) {
            return;
        }
        int deleted = 0;
        for (int target = replicas.length - 1; target >= updateMin && deleted < maxUnavailable - unavailable; target--) {
            Unstructured pod = replicas[target];
            if (!PodIdentity.revision(pod).equals(updateRevision) && !PodHealth.isTerminating(pod)) {
                deleteForUpdate(set, pod);
                deleted++;
                status.currentReplicas--;
            }
        }
    }

    private void deleteForUpdate(Unstructured set, Unstructured pod) {
        try {
            podControl.deleteStatefulPod(set, pod);
        } catch (RuntimeException e) {
            if (!SyncErrors.isNotFound(e)) {
                throw e;
            }
        }
    }

    /**
     * {@code rollingUpdate.maxUnavailable} as a number of pods: an int, or a percentage of the
     * replicas rounded down; never below 1 (upstream getStatefulSetMaxUnavailable).
     */
    static int maxUnavailable(JsonNode value, int replicas) {
        int scaled;
        if (value.isIntegralNumber()) {
            scaled = value.intValue();
        } else if (value.isString() && value.asString().endsWith("%")) {
            int percent = Integer.parseInt(value.asString().substring(0, value.asString().length() - 1));
            scaled = percent * replicas / 100;
        } else {
            scaled = 1;
        }
        return Math.max(scaled, 1);
    }

    /**
     * Runs {@code step} for each index: in order, stopping at the first that says stop, when
     * monotonic; otherwise for all, in batches of 1, 2, 4, … up to {@link #MAX_BATCH_SIZE}, stopping
     * after a batch in which a step failed (upstream runForAll and slowStartBatch).
     *
     * @return whether the sync has to stop after this pass
     */
    private static boolean runForAll(int count, Step step, boolean monotonic) {
        if (monotonic) {
            for (int i = 0; i < count; i++) {
                if (step.run(i)) {
                    return true;
                }
            }
            return false;
        }
        int next = 0;
        for (int batch = Math.min(count, 1); batch > 0; batch = Math.min(Math.min(2 * batch, count - next),
                MAX_BATCH_SIZE)) {
            List<RuntimeException> errors = new ArrayList<>();
            for (int end = next + batch; next < end; next++) {
                try {
                    step.run(next);
                } catch (RuntimeException e) {
                    errors.add(e);
                }
            }
            SyncErrors.throwIfAny(errors);
        }
        return false;
    }

    /** One step of a pass over the pods at an index; answers whether a monotonic pass must stop. */
    @FunctionalInterface
    private interface Step {
        boolean run(int index);
    }
}
