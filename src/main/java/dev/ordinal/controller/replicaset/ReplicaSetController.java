package dev.ordinal.controller.replicaset;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

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
 * The ReplicaSet controller (upstream {@code pkg/controller/replicaset/replica_set.go}): keeps as
 * many active pods as a set's replicas, adopting matching orphans and releasing pods that stopped
 * matching, deletes surplus pods in {@link PodDeletionOrder}, and writes the set's status. Changes
 * of sets and pods, through the shared informers, drive it.
 */
@Component
class ReplicaSetController {

    /** The component of the events. */
    static final String COMPONENT = "replicaset-controller";
    /** Sets synced at once (kube-controller-manager's --concurrent-replicaset-syncs default). */
    private static final int WORKERS = 5;
    /** At most this many pods are created or deleted in one sync (upstream BurstReplicas). */
    static final int BURST_REPLICAS = 500;
    /** How soon a sync waits for informer caches to hold the controller's latest writes. */
    private static final long CACHE_WAIT_MILLIS = 10;
    /** Conflicts a status write retries on (upstream statusUpdateRetries is 1, plus the first try). */

    private final GenericRegistry registry;
    private final ResourceDefinition replicaSets;
    private final SharedIndexInformer sets;
    private final SharedIndexInformer pods;
    private final CacheExpectations expectations = new CacheExpectations();
    private final ControllerRefManager refManager;
    private final PodControl podControl;
    private final SimulatedClock clock;
    private final WorkQueue queue = new WorkQueue("replicaset");
    private final ControllerLoop loop;

    ReplicaSetController(GenericRegistry registry, ResourceRegistry resources, SharedInformerFactory informers,
                         EventRecorder recorder, SimulatedClock clock) {
        this.registry = registry;
        this.replicaSets = resources.byResource("apps", "v1", "replicasets").orElseThrow();
        ResourceDefinition podDefinition = resources.byResource("", "v1", "pods").orElseThrow();
        this.sets = informers.informerFor(replicaSets)
                .addIndex(ControllerUidIndex.NAME, ControllerUidIndex::values);
        this.pods = informers.informerFor(podDefinition)
                .addIndex(ControllerUidIndex.NAME, ControllerUidIndex::values);
        this.refManager = new ControllerRefManager(registry, podDefinition, OwnerReferences.REPLICA_SET,
                pod -> expectations.expect(pods, pod));
        this.podControl = new PodControl(registry, podDefinition, recorder, COMPONENT, OwnerReferences.REPLICA_SET,
                pod -> expectations.expect(pods, pod));
        this.clock = clock;
        this.loop = new ControllerLoop("replicaset", queue, this::sync, WORKERS);
    }

    @PostConstruct
    void start() {
        loop.start(sets.addEventHandler(ResourceEventHandler.forEveryChange(this::enqueue)),
                pods.addEventHandler(new ControlledPodEvents(OwnerReferences.REPLICA_SET, sets,
                        ControllerRefManager::selector, set -> set.at("spec.minReadySeconds").asInt(0), queue, clock)));
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
        sets.list().forEach(this::enqueue);
    }

    /**
     * Syncs one set (upstream syncReplicaSet): claims its active pods, creates or deletes pods
     * unless it is being deleted, and writes its status, with a ReplicaFailure condition when that
     * failed (the failure is then thrown, so the set is retried with backoff). Returns when to
     * look again: after minReadySeconds while ready pods have yet to become available.
     */
    long sync(String key) {
        if (!expectations.satisfied()) {
            return CACHE_WAIT_MILLIS;
        }
        int slash = key.indexOf('/');
        Optional<Unstructured> found = sets.get(key.substring(0, slash), key.substring(slash + 1));
        if (found.isEmpty()) {
            return 0;
        }
        Unstructured replicaSet = found.get();
        LabelSelector selector;
        try {
            selector = ControllerRefManager.selector(replicaSet);
        } catch (InvalidSelectorException e) {
            return 0;
        }
        List<Unstructured> active = ControllerUidIndex.controlledOrOrphaned(pods, replicaSet).stream()
                .filter(PodDeletionOrder::isActive)
                .toList();
        List<Unstructured> claimed = refManager.claim(replicaSet, selector, active, () -> checkCanAdopt(replicaSet));
        RuntimeException manageError = null;
        if (!replicaSet.isBeingDeleted()) {
            try {
                manageReplicas(replicaSet, claimed);
            } catch (RuntimeException e) {
                manageError = e;
            }
        }
        ObjectNode status = ReplicaSetStatus.calculate(replicaSet, claimed, manageError, clock.instant());
        updateStatus(replicaSet, status);
        if (manageError != null) {
            throw manageError;
        }
        int minReadySeconds = replicaSet.at("spec.minReadySeconds").asInt(0);
        int replicas = replicaSet.at("spec.replicas").asInt(1);
        if (minReadySeconds > 0 && status.path("readyReplicas").asInt(0) == replicas
                && status.path("availableReplicas").asInt(0) != replicas) {
            return clock.wallMillisUntil(Duration.ofSeconds(minReadySeconds));
        }
        return 0;
    }

    /** Upstream manageReplicas: creates or deletes at most {@link #BURST_REPLICAS} pods. */
    private void manageReplicas(Unstructured replicaSet, List<Unstructured> claimed) {
        int diff = claimed.size() - replicaSet.at("spec.replicas").asInt(1);
        if (diff < 0) {
            podControl.createPods(replicaSet,
                    Collections.nCopies(Math.min(-diff, BURST_REPLICAS), replicaSet.at("spec.template")));
        } else if (diff > 0) {
            List<Unstructured> victims = PodDeletionOrder.podsToDelete(claimed, relatedPods(replicaSet),
                    Math.min(diff, BURST_REPLICAS), clock.instant());
            podControl.deletePods(replicaSet, victims);
        }
    }

    /**
     * The pods of every set with the same controller as this one, or of this one alone (upstream
     * getIndirectlyRelatedPods): scale-down spreads what is left of a Deployment over nodes.
     */
    private List<Unstructured> relatedPods(Unstructured replicaSet) {
        List<Unstructured> related = new ArrayList<>();
        Optional<JsonNode> owner = OwnerReferences.controllerOf(replicaSet);
        List<Unstructured> relatedSets = owner.isEmpty() ? List.of(replicaSet)
                : sets.byIndex(ControllerUidIndex.NAME, OwnerReferences.uid(owner.get()));
        for (Unstructured set : relatedSets) {
            related.addAll(pods.byIndex(ControllerUidIndex.NAME, set.uid()));
        }
        return related;
    }

    /** Writes the status unless it is what the set already shows, retrying once on a conflict. */
    private void updateStatus(Unstructured replicaSet, ObjectNode status) {
        StatusWriter.update(registry, replicaSets, replicaSet, stored -> status,
                written -> expectations.expect(sets, written));
    }


    private void enqueue(Unstructured replicaSet) {
        queue.add(ControlledPodEvents.key(replicaSet));
    }

    private void checkCanAdopt(Unstructured replicaSet) {
        ControllerRefManager.checkCanAdopt(replicaSets, replicaSet, registry.find(replicaSets, replicaSet.namespace(), replicaSet.name()));
    }
}
