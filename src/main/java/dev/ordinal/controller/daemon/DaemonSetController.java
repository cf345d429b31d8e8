package dev.ordinal.controller.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.CacheExpectations;
import dev.ordinal.controller.ControlledPodEvents;
import dev.ordinal.controller.ControllerRefManager;
import dev.ordinal.controller.OwnerReferences;
import dev.ordinal.controller.PodControl;
import dev.ordinal.controller.StatusWriter;
import dev.ordinal.controller.SyncErrors;
import dev.ordinal.controller.runtime.ControllerLoop;
import dev.ordinal.controller.runtime.ControllerUidIndex;
import dev.ordinal.controller.runtime.EventRecorder;
import dev.ordinal.controller.runtime.ResourceEventHandler;
import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.controller.runtime.SharedInformerFactory;
import dev.ordinal.controller.runtime.WorkQueue;
import dev.ordinal.machinery.SimulatedClock;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.labels.InvalidSelectorException;
import dev.ordinal.machinery.labels.LabelSelector;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;

/**
 * The DaemonSet controller (upstream {@code pkg/controller/daemon/daemon_controller.go}): one pod
 * per node that should run it ({@link NodeFit}), bound to its node by node affinity for the
 * scheduler to place; ControllerRevisions of its templates ({@link DaemonSetHistory}); the
 * {@link RollingUpdate} or OnDelete update strategy; and the set's status. Changes of sets, pods,
 * nodes and revisions, through the shared informers, drive it; decisions ({@link PodPlan},
 * {@link RollingUpdate}, {@link DaemonSetStatus}) are apart from the writes made here.
 */
@Component
class DaemonSetController {

    static final String COMPONENT = "daemonset-controller";
    /** Sets synced at once (kube-controller-manager's --concurrent-daemonset-syncs default). */
    private static final int WORKERS = 2;
    /** At most this many pods are created, and this many deleted, in one sync (upstream BurstReplicas). */
    static final int BURST_REPLICAS = 250;
    /** How soon a sync waits for informer caches to hold the controller's latest writes. */
    private static final long CACHE_WAIT_MILLIS = 10;
    /** Conflicts a status write retries on (upstream StatusUpdateRetries is 1, plus the first try). */

    private final GenericRegistry registry;
    private final ResourceDefinition daemonSetDefinition;
    private final SharedIndexInformer daemonSets;
    private final SharedIndexInformer pods;
    private final SharedIndexInformer nodes;
    private final SharedIndexInformer revisions;
    private final CacheExpectations expectations = new CacheExpectations();
    private final ControllerRefManager podRefs;
    private final ControllerRefManager revisionRefs;
    private final PodControl podControl;
    private final DaemonSetHistory history;
    private final FailedPodBackoff backoff = new FailedPodBackoff();
    private final EventRecorder recorder;
    private final SimulatedClock clock;
    private final WorkQueue queue = new WorkQueue("daemonset");
    private final ControllerLoop loop;

    DaemonSetController(GenericRegistry registry, ResourceRegistry resources, SharedInformerFactory informers,
                        EventRecorder recorder, SimulatedClock clock) {
        this.registry = registry;
        this.recorder = recorder;
        this.clock = clock;
        this.daemonSetDefinition = resources.byResource("apps", "v1", "daemonsets").orElseThrow();
        ResourceDefinition podDefinition = resources.byResource("", "v1", "pods").orElseThrow();
        ResourceDefinition revisionDefinition = resources.byResource("apps", "v1", "controllerrevisions").orElseThrow();
        this.daemonSets = informers.informerFor(daemonSetDefinition);
        this.pods = informers.informerFor(podDefinition).addIndex(ControllerUidIndex.NAME, ControllerUidIndex::values);
        this.nodes = informers.informerFor(resources.byResource("", "v1", "nodes").orElseThrow());
        this.revisions = informers.informerFor(revisionDefinition)
                .addIndex(ControllerUidIndex.NAME, ControllerUidIndex::values);
        this.podRefs = new ControllerRefManager(registry, podDefinition, OwnerReferences.DAEMON_SET,
                pod -> expectations.expect(pods, pod));
        this.revisionRefs = new ControllerRefManager(registry, revisionDefinition, OwnerReferences.DAEMON_SET,
                revision -> expectations.expect(revisions, revision));
        this.podControl = new PodControl(registry, podDefinition, recorder, COMPONENT, OwnerReferences.DAEMON_SET,
                pod -> expectations.expect(pods, pod));
        this.history = new DaemonSetHistory(registry, revisionDefinition, daemonSetDefinition, podDefinition,
                revision -> expectations.expect(revisions, revision), pod -> expectations.expect(pods, pod));
        this.loop = new ControllerLoop("daemonset", queue, this::sync, WORKERS);
    }

    @PostConstruct
    void start() {
        loop.start(daemonSets.addEventHandler(ResourceEventHandler.forEveryChange(this::enqueue)),
                pods.addEventHandler(new ControlledPodEvents(OwnerReferences.DAEMON_SET, daemonSets,
                        ControllerRefManager::selector, set -> set.at("spec.minReadySeconds").asInt(0), queue, clock)),
                nodes.addEventHandler(ResourceEventHandler.forChanges(this::onNode, node -> enqueueAll())),
                revisions.addEventHandler(ResourceEventHandler.forEveryChange(this::onRevision)));
        // minReadySeconds count on the simulated clock: when it moves other than at its pace, every
        // set is looked at again.
        clock.onChange(this::resync);
    }

    @PreDestroy
    void stop() {
        loop.stop();
    }

    /** Queues every set again: a safety net, not the pace. */
    @Scheduled(fixedDelayString = "${ordinal.controllers.resync:30s}")
    void resync() {
        enqueueAll();
    }

    /**
     * Syncs one set (upstream syncDaemonSet): nothing for a set selecting every pod or being
     * deleted; otherwise its revisions, its pods on every node, the rolling update once the caches
     * hold the manage loop's writes, old revisions pruned, and the status. Returns when to look
     * again: after minReadySeconds while ready pods have yet to become available, or when a failed
     * pod's backoff ends.
     */
    long sync(String key) {
        if (!expectations.satisfied()) {
            return CACHE_WAIT_MILLIS;
        }
        int slash = key.indexOf('/');
        Optional<Unstructured> found = daemonSets.get(key.substring(0, slash), key.substring(slash + 1));
        if (found.isEmpty()) {
            return 0;
        }
        Unstructured daemonSet = found.get();
        LabelSelector selector;
        try {
            selector = ControllerRefManager.selector(daemonSet);
        } catch (InvalidSelectorException e) {
            return 0;
        }
        if (selector.isEmpty()) {
            recorder.warning(COMPONENT, daemonSet, "SelectingAll",
                    "This daemon set is selecting all pods. A non-empty selector is required.");
            return 0;
        }
        if (daemonSet.isBeingDeleted()) {
            return 0;
        }
        List<Unstructured> nodeList = nodes.list();
        List<Unstructured> claimedRevisions = revisionRefs.claim(daemonSet, selector,
                ControllerUidIndex.controlledOrOrphaned(revisions, daemonSet), () -> checkCanAdopt(daemonSet));
        List<Unstructured> claimedPods = podRefs.claim(daemonSet, selector,
                ControllerUidIndex.controlledOrOrphaned(pods, daemonSet), () -> checkCanAdopt(daemonSet));
        DaemonSetHistory.Revisions revisionsNow = history.construct(daemonSet, claimedRevisions, claimedPods);
        String hash = revisionsNow.hash();
        Instant now = clock.instant();
        long requeue = 0;
        RuntimeException error = null;
        try {
            requeue = syncNodes(daemonSet, PodPlan.manage(daemonSet, nodeList, nodeToPods(claimedPods, false), hash,
                    now), hash, now);
            if (UpdateBudget.isRollingUpdate(daemonSet) && expectations.satisfied()) {
                syncNodes(daemonSet, RollingUpdate.plan(daemonSet, nodeList, nodeToPods(claimedPods, false), hash,
                        now), hash, now);
            }
            history.cleanup(daemonSet, revisionsNow.old(), liveHashes(claimedPods));
        } catch (RuntimeException e) {
            error = e;
        }
        ObjectNode status = DaemonSetStatus.calculate(daemonSet, nodeList, nodeToPods(claimedPods, false), hash, now);
        updateStatus(daemonSet, status);
        if (error != null) {
            throw error;
        }
        int minReadySeconds = daemonSet.at("spec.minReadySeconds").asInt(0);
        if (minReadySeconds > 0 && status.path("numberReady").asInt(0) != status.path("numberAvailable").asInt(0)) {
            long afterMinReady = clock.wallMillisUntil(Duration.ofSeconds(minReadySeconds));
            requeue = requeue == 0 ? afterMinReady : Math.min(requeue, afterMinReady);
        }
        return requeue;
    }

    /**
     * Carries out a plan (upstream syncNodes): failed pods are deleted unless their node is in
     * backoff, succeeded ones always, each with its event; at most {@link #BURST_REPLICAS} pods are
     * created, from the current template bound to their nodes, and as many deleted. Returns when
     * a backoff ends, or 0.
     */
    private long syncNodes(Unstructured daemonSet, PodPlan plan, String hash, Instant now) {
        List<Unstructured> delete = new ArrayList<>(plan.podsToDelete());
        long requeue = 0;
        for (Unstructured pod : plan.failedPods()) {
            String nodeName = DaemonPods.targetNodeName(pod);
            String backoffKey = FailedPodBackoff.key(daemonSet.uid(), nodeName);
            Duration remaining = backoff.remaining(backoffKey, now);
            if (remaining != null) {
                // 0 while the clock is paused: its next move syncs every set again.
                long wait = clock.wallMillisUntil(remaining);
                requeue = requeue == 0 ? wait : Math.min(requeue, wait);
                continue;
            }
            backoff.next(backoffKey, now);
            recorder.warning(COMPONENT, daemonSet, "FailedDaemonPod", "Found failed daemon pod " + pod.namespace()
                    + "/" + pod.name() + " on node " + nodeName + ", will try to kill it");
            delete.add(pod);
        }
        for (Unstructured pod : plan.succeededPods()) {
            recorder.normal(COMPONENT, daemonSet, "SucceededDaemonPod", "Found succeeded daemon pod "
                    + pod.namespace() + "/" + pod.name() + " on node " + DaemonPods.targetNodeName(pod)
                    + ", will try to delete it");
            delete.add(pod);
        }
        ObjectNode template = DaemonPods.template(daemonSet, hash);
        List<ObjectNode> creations = plan.nodesNeedingPods().stream()
                .limit(BURST_REPLICAS)
                .map(nodeName -> DaemonPods.forNode(template, nodeName))
                .toList();
        List<RuntimeException> errors = new ArrayList<>();
        try {
            podControl.createPods(daemonSet, creations);
        } catch (RuntimeException e) {
            errors.add(e);
        }
        try {
            podControl.deletePods(daemonSet, delete.subList(0, Math.min(delete.size(), BURST_REPLICAS)));
        } catch (RuntimeException e) {
            errors.add(e);
        }
        SyncErrors.throwIfAny(errors);
        return requeue;
    }

    /**
     * The set's pods by the node they are meant for (upstream getNodesToDaemonPods); without
     * {@code includeDeletedTerminal}, terminal pods being deleted are left out, as nothing is left
     * to do with them.
     */
    private static Map<String, List<Unstructured>> nodeToPods(List<Unstructured> claimed,
                                                              boolean includeDeletedTerminal) {
        Map<String, List<Unstructured>> byNode = new LinkedHashMap<>();
        for (Unstructured pod : claimed) {
            if (!includeDeletedTerminal && DaemonPods.isTerminal(pod) && pod.isBeingDeleted()) {
                continue;
            }
            String nodeName = DaemonPods.targetNodeName(pod);
            if (nodeName != null) {
                byNode.computeIfAbsent(nodeName, n -> new ArrayList<>()).add(pod);
            }
        }
        return byNode;
    }

    /** The revision hashes the set's pods carry, those being deleted included (upstream cleanupHistory). */
    private static Set<String> liveHashes(List<Unstructured> claimed) {
        Set<String> hashes = new HashSet<>();
        nodeToPods(claimed, true).values().forEach(list -> list.forEach(pod -> {
            String hash = pod.labels().get(DaemonPods.HASH_LABEL);
            if (hash != null && !hash.isEmpty()) {
                hashes.add(hash);
            }
        }));
        return hashes;
    }

    /** Writes the status unless the set already shows it; the collision count is the history's to move. */
    private void updateStatus(Unstructured daemonSet, ObjectNode status) {
        StatusWriter.update(registry, daemonSetDefinition, daemonSet, stored -> {
            ObjectNode merged = status.deepCopy();
            JsonNode collisionCount = stored.at("status.collisionCount");
            if (collisionCount.isNumber()) {
                merged.set("collisionCount", collisionCount);
            } else {
                merged.remove("collisionCount");
            }
            return merged;
        }, written -> expectations.expect(daemonSets, written));
    }

    /**
     * A node's arrival syncs every set; a change does when it can change where daemon pods belong
     * (labels, taints, spec) and not for the kubelet's status reports (upstream's
     * shouldIgnoreNodeUpdate, less finely: the sync itself finds which sets the node concerns).
     */
    private void onNode(Unstructured node, Unstructured previous) {
        if (previous == null || !node.labels().equals(previous.labels())
                || !node.json().path("spec").equals(previous.json().path("spec"))) {
            enqueueAll();
        }
    }

    /** A revision's change syncs the set that controls it (upstream addHistory, updateHistory, deleteHistory). */
    private void onRevision(Unstructured revision) {
        OwnerReferences.controllerOf(revision)
                .filter(ref -> OwnerReferences.DAEMON_SET.kind().equals(ref.path("kind").asString("")))
                .ifPresent(ref -> queue.add(revision.namespace() + "/" + ref.path("name").asString("")));
    }


    private void enqueueAll() {
        daemonSets.list().forEach(this::enqueue);
    }

    private void enqueue(Unstructured daemonSet) {
        queue.add(ControlledPodEvents.key(daemonSet));
    }

    private void checkCanAdopt(Unstructured daemonSet) {
        ControllerRefManager.checkCanAdopt(daemonSetDefinition, daemonSet, registry.find(daemonSetDefinition, daemonSet.namespace(), daemonSet.name()));
    }
}
