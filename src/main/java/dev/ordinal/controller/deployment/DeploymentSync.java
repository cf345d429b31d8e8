package dev.ordinal.controller.deployment;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.IntOrPercent;
import dev.ordinal.controller.OwnerReferences;
import dev.ordinal.controller.PodTemplateHash;
import dev.ordinal.controller.SyncErrors;
import dev.ordinal.machinery.Timestamps;
import dev.ordinal.machinery.Unstructured;

import static dev.ordinal.controller.deployment.DeploymentConditions.PROGRESSING;

/**
 * One sync of a Deployment over the ReplicaSets it claimed (upstream {@code deployment_controller.go}
 * syncDeployment with sync.go, rolling.go and recreate.go): a status-only sync while it is being
 * deleted; proportional scaling and history cleanup while paused or when only its size changed;
 * a rollback the legacy annotation asks for; otherwise a step of its RollingUpdate or Recreate
 * rollout, then its status. The decisions are
 * upstream's, in its order; every write goes through the {@link DeploymentClient}, and a write
 * that fails ends the sync with that error, so the Deployment is retried.
 */
final class DeploymentSync {

    private static final String SCALING_REPLICA_SET = "ScalingReplicaSet";

    private final DeploymentClient client;
    private final DeploymentRollback rollback;
    private final Clock clock;

    DeploymentSync(DeploymentClient client, Clock clock) {
        this.client = client;
        this.rollback = new DeploymentRollback(client);
        this.clock = clock;
    }

    /**
     * Syncs {@code deployment} (a copy the sync may change) whose claimed ReplicaSets are
     * {@code replicaSets} and whose pods, terminating ones included, are grouped by the UID of their
     * ReplicaSet. Answers in how many milliseconds to look again for a rollout that might pass its
     * progress deadline, or -1.
     */
    long sync(Unstructured deployment, List<Unstructured> replicaSets,
              Map<String, List<Unstructured>> podsByReplicaSet) {
        if (deployment.isBeingDeleted()) {
            NewAndOld sets = newAndOld(deployment, replicaSets, false);
            syncStatus(sets.all(), sets.newSet(), deployment);
            return -1;
        }
        checkPausedConditions(deployment);
        if (deployment.at("spec.paused").asBoolean(false)) {
            scaleAndCleanUp(deployment, replicaSets);
            return -1;
        }
        if (DeploymentRollback.requestedRevision(deployment) != null) {
            rollback.rollback(deployment, newAndOld(deployment, replicaSets, true).all());
            return -1;
        }
        if (isScalingEvent(deployment, replicaSets)) {
            scaleAndCleanUp(deployment, replicaSets);
            return -1;
        }
        if ("Recreate".equals(deployment.at("spec.strategy.type").asString(""))) {
            return rolloutRecreate(deployment, replicaSets, podsByReplicaSet);
        }
        return rolloutRolling(deployment, replicaSets);
    }

    /** The new ReplicaSet (null when there is none) and all the others. */
    record NewAndOld(Unstructured newSet, List<Unstructured> old) {
        List<Unstructured> all() {
            return ReplicaSets.with(old, newSet);
        }
    }

    /** Upstream getAllReplicaSetsAndSyncRevision. */
    NewAndOld newAndOld(Unstructured deployment, List<Unstructured> replicaSets, boolean createIfMissing) {
        Unstructured found = ReplicaSets.findNew(deployment, replicaSets);
        List<Unstructured> old = ReplicaSets.findOld(found, replicaSets);
        return new NewAndOld(newReplicaSet(deployment, found, old, createIfMissing), old);
    }

    /**
     * Upstream getNewReplicaSet: keeps an existing new set's annotations and minReadySeconds in
     * step with the Deployment and its revision the highest, or creates the set when asked, named
     * after the template's hash; either way the Deployment's revision follows the set's.
     */
    private Unstructured newReplicaSet(Unstructured deployment, Unstructured existing, List<Unstructured> old,
                                       boolean createIfMissing) {
        long newRevision = ReplicaSets.maxRevision(old) + 1;
        int minReadySeconds = deployment.at("spec.minReadySeconds").asInt(0);
        if (existing != null) {
            Unstructured copy = existing.deepCopy();
            boolean annotationsUpdated = RevisionAnnotations.setNewReplicaSetAnnotations(deployment, copy, newRevision,
                    true);
            if (annotationsUpdated || copy.at("spec.minReadySeconds").asInt(0) != minReadySeconds) {
                setMinReadySeconds(copy, minReadySeconds);
                return client.updateReplicaSet(copy);
            }
            boolean needsUpdate = RevisionAnnotations.setDeploymentRevision(deployment,
                    copy.annotations().getOrDefault(RevisionAnnotations.REVISION, ""));
            if (DeploymentStatus.hasProgressDeadline(deployment)
                    && DeploymentConditions.get(deployment.json().path("status"), PROGRESSING).isMissingNode()) {
                DeploymentConditions.set(status(deployment), DeploymentConditions.condition(PROGRESSING, "True",
                        DeploymentConditions.FOUND_NEW_RS, "Found new replica set \"" + copy.name() + "\"", now()));
                needsUpdate = true;
            }
            if (needsUpdate) {
                updateStatus(deployment);
            }
            return copy;
        }
        if (!createIfMissing) {
            return null;
        }
        Unstructured replicaSet = replicaSetFor(deployment, minReadySeconds);
        int replicas = newReplicaSetReplicas(deployment, ReplicaSets.with(old, replicaSet), replicaSet);
        ReplicaSets.setSpecReplicas(replicaSet, replicas);
        RevisionAnnotations.setNewReplicaSetAnnotations(deployment, replicaSet, newRevision, false);
        Unstructured created;
        boolean alreadyExists = false;
        try {
            created = client.createReplicaSet(replicaSet);
        } catch (RuntimeException e) {
            if (!SyncErrors.isAlreadyExists(e)) {
                String message = "Failed to create new replica set \"" + replicaSet.name() + "\": " + e.getMessage();
                if (DeploymentStatus.hasProgressDeadline(deployment)) {
                    DeploymentConditions.set(status(deployment), DeploymentConditions.condition(PROGRESSING, "False",
                            DeploymentConditions.FAILED_RS_CREATE, message, now()));
                    try {
                        updateStatus(deployment);
                    } catch (RuntimeException ignored) {
                        // The failed creation is the error to report, as upstream reports it.
                    }
                }
                client.warningEvent(deployment, DeploymentConditions.FAILED_RS_CREATE, message);
                throw e;
            }
            alreadyExists = true;
            created = client.cachedReplicaSet(replicaSet.namespace(), replicaSet.name()).orElseThrow(() -> e);
            boolean ours = OwnerReferences.controllerOf(created)
                    .map(ref -> OwnerReferences.uid(ref).equals(deployment.uid())).orElse(false);
            if (!ours || !ReplicaSets.equalIgnoringHash(deployment.at("spec.template"), created.at("spec.template"))) {
                // A hash collision: the next sync tries the name the bumped count hashes to.
                status(deployment).put("collisionCount", deployment.at("status.collisionCount").asInt(0) + 1);
                updateStatus(deployment);
                throw e;
            }
        }
        if (!alreadyExists && replicas > 0) {
            client.normalEvent(deployment, SCALING_REPLICA_SET,
                    "Scaled up replica set " + created.name() + " to " + replicas);
        }
        boolean needsUpdate = RevisionAnnotations.setDeploymentRevision(deployment, Long.toString(newRevision));
        if (!alreadyExists && DeploymentStatus.hasProgressDeadline(deployment)) {
            DeploymentConditions.set(status(deployment), DeploymentConditions.condition(PROGRESSING, "True",
                    DeploymentConditions.NEW_RS_CREATED, "Created new replica set \"" + created.name() + "\"", now()));
            needsUpdate = true;
        }
        if (needsUpdate) {
            updateStatus(deployment);
        }
        return created;
    }

    /**
     * The new ReplicaSet of the Deployment's template: named and labelled with the template's
     * hash, which its selector adds too, controlled by the Deployment, with 0 replicas so far.
     */
    private static Unstructured replicaSetFor(Unstructured deployment, int minReadySeconds) {
        JsonNode collisionCount = deployment.at("status.collisionCount");
        ObjectNode template = (ObjectNode) deployment.at("spec.template").deepCopy();
        String hash = PodTemplateHash.of(template, collisionCount.isNumber() ? collisionCount.asInt() : null);
        template.withObject("metadata").withObject("labels").put(ReplicaSets.HASH_LABEL, hash);
        ObjectNode selector = (ObjectNode) deployment.at("spec.selector").deepCopy();
        selector.withObject("matchLabels").put(ReplicaSets.HASH_LABEL, hash);
        ObjectNode replicaSet = JsonNodeFactory.instance.objectNode();
        replicaSet.put("apiVersion", "apps/v1");
        replicaSet.put("kind", "ReplicaSet");
        ObjectNode metadata = replicaSet.putObject("metadata");
        metadata.put("name", deployment.name() + "-" + hash);
        metadata.put("namespace", deployment.namespace());
        metadata.set("labels", template.path("metadata").path("labels").deepCopy());
        metadata.putArray("ownerReferences").add(OwnerReferences.controllerRef(deployment, OwnerReferences.DEPLOYMENT));
        ObjectNode spec = replicaSet.putObject("spec");
        spec.put("replicas", 0);
        spec.set("selector", selector);
        spec.set("template", template);
        Unstructured result = new Unstructured(replicaSet);
        setMinReadySeconds(result, minReadySeconds);
        return result;
    }

    private static void setMinReadySeconds(Unstructured replicaSet, int minReadySeconds) {
        ObjectNode spec = replicaSet.json().withObject("spec");
        if (minReadySeconds == 0) {
            spec.remove("minReadySeconds");
        } else {
            spec.put("minReadySeconds", minReadySeconds);
        }
    }

    /**
     * Upstream NewRSNewReplicas: for RollingUpdate, as many more as the surge allows up to
     * replicas; for Recreate, replicas at once.
     */
    static int newReplicaSetReplicas(Unstructured deployment, List<Unstructured> all, Unstructured newSet) {
        int replicas = RolloutBounds.replicas(deployment);
        if (!RolloutBounds.isRollingUpdate(deployment)) {
            return replicas;
        }
        int maxSurge = IntOrPercent.scaledValue(deployment.at("spec.strategy.rollingUpdate.maxSurge"), replicas, true);
        int current = ReplicaSets.specSum(all);
        int maxTotal = replicas + maxSurge;
        int newReplicas = ReplicaSets.specReplicas(newSet);
        if (current >= maxTotal) {
            return newReplicas;
        }
        return newReplicas + Math.min(maxTotal - current, replicas - newReplicas);
    }

    /** Upstream checkPausedConditions: Progressing Unknown while paused, and once when resumed. */
    private void checkPausedConditions(Unstructured deployment) {
        if (!DeploymentStatus.hasProgressDeadline(deployment)) {
            return;
        }
        String reason = DeploymentConditions.reason(deployment.json().path("status"), PROGRESSING);
        if (DeploymentConditions.TIMED_OUT.equals(reason)) {
            return;
        }
        boolean paused = deployment.at("spec.paused").asBoolean(false);
        boolean pausedCondition = DeploymentConditions.PAUSED.equals(reason);
        if (paused && !pausedCondition) {
            DeploymentConditions.set(status(deployment), DeploymentConditions.condition(PROGRESSING, "Unknown",
                    DeploymentConditions.PAUSED, "Deployment is paused", now()));
        } else if (!paused && pausedCondition) {
            DeploymentConditions.set(status(deployment), DeploymentConditions.condition(PROGRESSING, "Unknown",
                    DeploymentConditions.RESUMED, "Deployment is resumed", now()));
        } else {
            return;
        }
        updateStatus(deployment);
    }

    /**
     * Upstream isScalingEvent: an active set was last scaled for a Deployment size other than
     * today's.
     */
    private boolean isScalingEvent(Unstructured deployment, List<Unstructured> replicaSets) {
        NewAndOld sets = newAndOld(deployment, replicaSets, false);
        int replicas = RolloutBounds.replicas(deployment);
        for (Unstructured replicaSet : ReplicaSets.active(sets.all())) {
            Integer desired = RevisionAnnotations.desiredReplicas(replicaSet);
            if (desired != null && desired != replicas) {
                return true;
            }
        }
        return false;
    }

    /** Upstream sync: scales proportionally, cleans up history while paused, writes status. */
    private void scaleAndCleanUp(Unstructured deployment, List<Unstructured> replicaSets) {
        NewAndOld sets = newAndOld(deployment, replicaSets, false);
        scale(deployment, sets.newSet(), sets.old());
        if (deployment.at("spec.paused").asBoolean(false) && DeploymentRollback.requestedRevision(deployment) == null) {
            cleanUp(deployment, sets.old());
        }
        syncStatus(sets.all(), sets.newSet(), deployment);
    }

    /**
     * Upstream scale: one active set (or none, then the newest) takes the whole size; a saturated
     * new set leaves the old ones none; otherwise, for RollingUpdate, the difference to
     * replicas + maxSurge is shared out in proportion to each set's size.
     */
    private void scale(Unstructured deployment, Unstructured newSet, List<Unstructured> old) {
        int replicas = RolloutBounds.replicas(deployment);
        Unstructured activeOrLatest = activeOrLatest(newSet, old);
        if (activeOrLatest != null) {
            if (ReplicaSets.specReplicas(activeOrLatest) != replicas) {
                scaleAndRecordEvent(activeOrLatest, replicas, deployment);
            }
            return;
        }
        if (isSaturated(deployment, newSet)) {
            for (Unstructured replicaSet : ReplicaSets.active(old)) {
                scaleAndRecordEvent(replicaSet, 0, deployment);
            }
            return;
        }
        if (!RolloutBounds.isRollingUpdate(deployment)) {
            return;
        }
        List<Unstructured> active = new ArrayList<>(ReplicaSets.active(ReplicaSets.with(old, newSet)));
        int allowed = replicas > 0 ? replicas + RolloutBounds.maxSurge(deployment) : 0;
        int toAdd = allowed - ReplicaSets.specSum(active);
        String operation = "";
        if (toAdd > 0) {
            active.sort(ReplicaSets.BY_SIZE_NEWER);
            operation = "up";
        } else if (toAdd < 0) {
            active.sort(ReplicaSets.BY_SIZE_OLDER);
            operation = "down";
        }
        Map<String, Integer> sizes = new HashMap<>();
        int added = 0;
        for (Unstructured replicaSet : active) {
            int proportion = toAdd == 0 ? 0 : proportion(replicaSet, deployment, toAdd, added);
            sizes.put(replicaSet.name(), ReplicaSets.specReplicas(replicaSet) + proportion);
            added += proportion;
        }
        for (int i = 0; i < active.size(); i++) {
            Unstructured replicaSet = active.get(i);
            if (i == 0 && toAdd != 0) {
                // Leftovers of rounding go to the largest set.
                sizes.put(replicaSet.name(), Math.max(0, sizes.get(replicaSet.name()) + toAdd - added));
            }
            scaleReplicaSet(replicaSet, sizes.get(replicaSet.name()), deployment, operation);
        }
    }

    /** Upstream FindActiveOrLatest: the one active set, the newest when none is active, else null. */
    private static Unstructured activeOrLatest(Unstructured newSet, List<Unstructured> old) {
        if (newSet == null && old.isEmpty()) {
            return null;
        }
        List<Unstructured> newestFirst = new ArrayList<>(old);
        newestFirst.sort(ReplicaSets.BY_CREATION.reversed());
        List<Unstructured> active = ReplicaSets.active(ReplicaSets.with(newestFirst, newSet));
        return switch (active.size()) {
            case 0 -> newSet != null ? newSet : newestFirst.get(0);
            case 1 -> active.get(0);
            default -> null;
        };
    }

    /** Upstream IsSaturated: the new set has, wants and was sized for all replicas, all available. */
    private static boolean isSaturated(Unstructured deployment, Unstructured newSet) {
        if (newSet == null) {
            return false;
        }
        Integer desired = RevisionAnnotations.desiredReplicas(newSet);
        int replicas = RolloutBounds.replicas(deployment);
        return desired != null && desired == replicas && ReplicaSets.specReplicas(newSet) == replicas
                && ReplicaSets.availableReplicas(newSet) == replicas;
    }

    /**
     * Upstream GetReplicaSetProportion: the set's share of {@code toAdd}, from its size over the
     * Deployment's maximum when it was last scaled, within what is left to hand out.
     */
    static int proportion(Unstructured replicaSet, Unstructured deployment, int toAdd, int added) {
        int size = ReplicaSets.specReplicas(replicaSet);
        if (size == 0 || toAdd == 0 || toAdd == added) {
            return 0;
        }
        int fraction = fraction(replicaSet, deployment);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    /** Upstream getReplicaSetFraction, rounding half away from zero as Go's math.Round. */
    private static int fraction(Unstructured replicaSet, Unstructured deployment) {
        int size = ReplicaSets.specReplicas(replicaSet);
        int replicas = RolloutBounds.replicas(deployment);
        if (replicas == 0) {
            return -size;
        }
        int max = replicas + RolloutBounds.maxSurge(deployment);
        Integer before = RevisionAnnotations.maxReplicas(replicaSet);
        int maxBefore = before == null || before == 0 ? deployment.at("status.replicas").asInt(0) : before;
        if (maxBefore == 0) {
            return 0;
        }
        double scaled = (double) size * max / maxBefore;
        return (int) (Math.signum(scaled) * Math.floor(Math.abs(scaled) + 0.5)) - size;
    }

    /** Upstream rolloutRolling: scale the new set up if it may, else old ones down, then status. */
    private long rolloutRolling(Unstructured deployment, List<Unstructured> replicaSets) {
        NewAndOld sets = newAndOld(deployment, replicaSets, true);
        List<Unstructured> all = sets.all();
        if (reconcileNewReplicaSet(all, sets.newSet(), deployment)
                || reconcileOldReplicaSets(all, ReplicaSets.active(sets.old()), sets.newSet(), deployment)) {
            return syncRolloutStatus(all, sets.newSet(), deployment);
        }
        if (DeploymentStatus.complete(deployment, deployment.json().path("status"))) {
            cleanUp(deployment, sets.old());
        }
        return syncRolloutStatus(all, sets.newSet(), deployment);
    }

    /** Upstream reconcileNewReplicaSet. */
    private boolean reconcileNewReplicaSet(List<Unstructured> all, Unstructured newSet, Unstructured deployment) {
        int replicas = RolloutBounds.replicas(deployment);
        int size = ReplicaSets.specReplicas(newSet);
        if (size == replicas) {
            return false;
        }
        if (size > replicas) {
            return scaleAndRecordEvent(newSet, replicas, deployment).scaled();
        }
        return scaleAndRecordEvent(newSet, newReplicaSetReplicas(deployment, all, newSet), deployment).scaled();
    }

    /**
     * Upstream reconcileOldReplicaSets: how far old sets may shrink without going below
     * replicas − maxUnavailable, counting the new set's unavailable pods; unhealthy old replicas go
     * first.
     */
    private boolean reconcileOldReplicaSets(List<Unstructured> all, List<Unstructured> oldActive, Unstructured newSet,
                                            Unstructured deployment) {
        if (ReplicaSets.specSum(oldActive) == 0) {
            return false;
        }
        int minAvailable = RolloutBounds.replicas(deployment) - RolloutBounds.maxUnavailable(deployment);
        int newUnavailable = ReplicaSets.specReplicas(newSet) - ReplicaSets.availableReplicas(newSet);
        int maxScaledDown = ReplicaSets.specSum(all) - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return false;
        }
        List<Unstructured> old = new ArrayList<>(oldActive);
        int cleanedUp = cleanUpUnhealthyReplicas(old, deployment, maxScaledDown);
        int scaledDown = scaleDownOldReplicaSets(ReplicaSets.with(old, newSet), old, deployment);
        return cleanedUp + scaledDown > 0;
    }

    /**
     * Upstream cleanupUnhealthyReplicas: oldest first, shrinks old sets by their unavailable
     * replicas within {@code maxCleanup}; {@code old} is left sorted, holding the sets as written.
     */
    private int cleanUpUnhealthyReplicas(List<Unstructured> old, Unstructured deployment, int maxCleanup) {
        old.sort(ReplicaSets.BY_CREATION);
        int total = 0;
        for (int i = 0; i < old.size() && total < maxCleanup; i++) {
            Unstructured replicaSet = old.get(i);
            int size = ReplicaSets.specReplicas(replicaSet);
            int available = ReplicaSets.availableReplicas(replicaSet);
            if (size == 0 || size == available) {
                continue;
            }
            int count = Math.min(maxCleanup - total, size - available);
            old.set(i, scaleAndRecordEvent(replicaSet, size - count, deployment).replicaSet());
            total += count;
        }
        return total;
    }

    /**
     * Upstream scaleDownOldReplicaSetsForRollingUpdate: oldest first, removes as many replicas as
     * are available beyond replicas − maxUnavailable.
     */
    private int scaleDownOldReplicaSets(List<Unstructured> all, List<Unstructured> old, Unstructured deployment) {
        int minAvailable = RolloutBounds.replicas(deployment) - RolloutBounds.maxUnavailable(deployment);
        int available = ReplicaSets.availableSum(all);
        if (available <= minAvailable) {
            return 0;
        }
        List<Unstructured> oldestFirst = new ArrayList<>(old);
        oldestFirst.sort(ReplicaSets.BY_CREATION);
        int toScaleDown = available - minAvailable;
        int total = 0;
        for (Unstructured replicaSet : oldestFirst) {
            if (total >= toScaleDown) {
                break;
            }
            int size = ReplicaSets.specReplicas(replicaSet);
            if (size == 0) {
                continue;
            }
            int count = Math.min(size, toScaleDown - total);
            scaleAndRecordEvent(replicaSet, size - count, deployment);
            total += count;
        }
        return total;
    }

    /**
     * Upstream rolloutRecreate: every old set to 0; then, once no old pod is left (terminating ones
     * count), the new set, created at full size.
     */
    private long rolloutRecreate(Unstructured deployment, List<Unstructured> replicaSets,
                                 Map<String, List<Unstructured>> podsByReplicaSet) {
        NewAndOld sets = newAndOld(deployment, replicaSets, false);
        Unstructured newSet = sets.newSet();
        List<Unstructured> old = sets.old();
        boolean scaledDown = false;
        for (Unstructured replicaSet : ReplicaSets.active(old)) {
            scaledDown |= scaleAndRecordEvent(replicaSet, 0, deployment).scaled();
        }
        if (scaledDown || oldPodsRunning(newSet, old, podsByReplicaSet)) {
            return syncRolloutStatus(sets.all(), newSet, deployment);
        }
        if (newSet == null) {
            sets = newAndOld(deployment, replicaSets, true);
            newSet = sets.newSet();
            old = sets.old();
        }
        scaleAndRecordEvent(newSet, RolloutBounds.replicas(deployment), deployment);
        if (DeploymentStatus.complete(deployment, deployment.json().path("status"))) {
            cleanUp(deployment, old);
        }
        return syncRolloutStatus(sets.all(), newSet, deployment);
    }

    /** Upstream oldPodsRunning: an old set reports pods, or an old set's pod is not terminated. */
    private static boolean oldPodsRunning(Unstructured newSet, List<Unstructured> old,
                                          Map<String, List<Unstructured>> podsByReplicaSet) {
        if (ReplicaSets.statusSum(old) > 0) {
            return true;
        }
        for (Map.Entry<String, List<Unstructured>> entry : podsByReplicaSet.entrySet()) {
            if (newSet != null && newSet.uid().equals(entry.getKey())) {
                continue;
            }
            for (Unstructured pod : entry.getValue()) {
                String phase = pod.at("status.phase").asString("");
                if (!"Failed".equals(phase) && !"Succeeded".equals(phase)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Upstream cleanupDeployment: beyond revisionHistoryLimit, the old sets of the lowest revisions
     * that have no replicas left and whose status is current are deleted.
     */
    private void cleanUp(Unstructured deployment, List<Unstructured> old) {
        JsonNode limit = deployment.at("spec.revisionHistoryLimit");
        if (!limit.isNumber() || limit.asLong() == Integer.MAX_VALUE) {
            return;
        }
        List<Unstructured> cleanable = new ArrayList<>(old.stream().filter(rs -> !rs.isBeingDeleted()).toList());
        int diff = cleanable.size() - limit.asInt();
        if (diff <= 0) {
            return;
        }
        cleanable.sort(ReplicaSets.BY_REVISION);
        for (Unstructured replicaSet : cleanable.subList(0, diff)) {
            if (ReplicaSets.statusReplicas(replicaSet) != 0 || ReplicaSets.specReplicas(replicaSet) != 0
                    || replicaSet.generation() > replicaSet.at("status.observedGeneration").asLong(0)) {
                continue;
            }
            try {
                client.deleteReplicaSet(replicaSet);
            } catch (RuntimeException e) {
                if (!SyncErrors.isNotFound(e)) {
                    throw e;
                }
            }
        }
    }

    /** A scaling's outcome: whether the size changed, and the set as it is now. */
    record Scaled(boolean scaled, Unstructured replicaSet) {
    }

    /** Upstream scaleReplicaSetAndRecordEvent. */
    private Scaled scaleAndRecordEvent(Unstructured replicaSet, int size, Unstructured deployment) {
        int current = ReplicaSets.specReplicas(replicaSet);
        if (current == size) {
            return new Scaled(false, replicaSet);
        }
        return scaleReplicaSet(replicaSet, size, deployment, current < size ? "up" : "down");
    }

    /**
     * Upstream scaleReplicaSet: writes the size and the Deployment's current size and maximum as
     * annotations when either changed; a size change is told by an event.
     */
    private Scaled scaleReplicaSet(Unstructured replicaSet, int size, Unstructured deployment, String operation) {
        int current = ReplicaSets.specReplicas(replicaSet);
        int replicas = RolloutBounds.replicas(deployment);
        int max = replicas + RolloutBounds.maxSurge(deployment);
        boolean sizeChanges = current != size;
        if (!sizeChanges && !RevisionAnnotations.replicasAnnotationsNeedUpdate(replicaSet, replicas, max)) {
            return new Scaled(false, replicaSet);
        }
        Unstructured copy = replicaSet.deepCopy();
        ReplicaSets.setSpecReplicas(copy, size);
        RevisionAnnotations.setReplicasAnnotations(copy, replicas, max);
        Unstructured written = client.updateReplicaSet(copy);
        if (sizeChanges) {
            client.normalEvent(deployment, SCALING_REPLICA_SET,
                    "Scaled " + operation + " replica set " + written.name() + " to " + size + " from " + current);
        }
        return new Scaled(sizeChanges, written);
    }

    /** Upstream syncDeploymentStatus: the calculated status, written when it changed. */
    private void syncStatus(List<Unstructured> all, Unstructured newSet, Unstructured deployment) {
        ObjectNode status = DeploymentStatus.calculate(all, newSet, deployment, clock.instant());
        if (!status.equals(deployment.json().path("status"))) {
            deployment.json().set("status", status);
            updateStatus(deployment);
        }
    }

    /**
     * Upstream syncRolloutStatus: the status with progress estimated, written when it changed;
     * when it did not, when to look again for the progress deadline.
     */
    private long syncRolloutStatus(List<Unstructured> all, Unstructured newSet, Unstructured deployment) {
        ObjectNode status = DeploymentStatus.rolloutStatus(all, newSet, deployment, clock.instant());
        if (status.equals(deployment.json().path("status"))) {
            return DeploymentStatus.requeueAfterMillis(deployment, status, clock.instant());
        }
        deployment.json().set("status", status);
        updateStatus(deployment);
        return -1;
    }

    /** Writes status and annotations, and takes on the new resourceVersion for the sync's next write. */
    private void updateStatus(Unstructured deployment) {
        Unstructured written = client.updateDeploymentStatus(deployment);
        deployment.setMeta("resourceVersion", written.resourceVersion());
    }

    private static ObjectNode status(Unstructured deployment) {
        return deployment.json().withObject("status");
    }

    private String now() {
        return Timestamps.format(clock.instant());
    }
}
