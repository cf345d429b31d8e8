package dev.ordinal.controller.statefulset;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.ordinal.controller.CacheExpectations;
import dev.ordinal.controller.ControlledPodEvents;
import dev.ordinal.controller.ControllerRefManager;
import dev.ordinal.controller.OwnerReferences;
import dev.ordinal.controller.runtime.ControllerLoop;
import dev.ordinal.controller.runtime.ControllerUidIndex;
import dev.ordinal.controller.runtime.EventRecorder;
import dev.ordinal.controller.runtime.ResourceEventHandler;
import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.controller.runtime.SharedInformerFactory;
import dev.ordinal.controller.runtime.WorkQueue;
import dev.ordinal.machinery.SimulatedClock;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.machinery.labels.InvalidSelectorException;

/**
 * The StatefulSet controller (upstream stateful_set.go): watches StatefulSets, Pods,
 * PersistentVolumeClaims and ControllerRevisions, queues a set whenever it or one of its pods
 * changes, and syncs it with {@link StatefulSetControl}. Changes drive it; the periodic resync only
 * catches what might have slipped through.
 */
@Component
class StatefulSetController {

    /** The component its Events come from. */
    static final String COMPONENT = "statefulset-controller";
    /** Sets synced at once (kube-controller-manager's --concurrent-statefulset-syncs default). */
    private static final int WORKERS = 5;
    /** How soon a sync waits for informer caches to hold the controller's latest writes. */
    private static final long CACHE_WAIT_MILLIS = 10;

    private final SharedIndexInformer sets;
    private final SharedIndexInformer pods;
    private final SharedIndexInformer claims;
    private final SharedIndexInformer revisions;
    private final CacheExpectations expectations = new CacheExpectations();
    private final RegistryObjects objects;
    private final RevisionHistory revisionHistory;
    private final ControllerRefManager refManager;
    private final StatefulSetControl control;
    private final WorkQueue queue = new WorkQueue("statefulset");
    private final ControllerLoop loop;
    private final SimulatedClock clock;

    StatefulSetController(GenericRegistry registry, ResourceRegistry resources, SharedInformerFactory informers,
                          EventRecorder recorder, SimulatedClock clock,
                          @Value("${ordinal.controllers.statefulset.max-unavailable-enabled:false}")
                          boolean maxUnavailableEnabled) {
        RegistryObjects.Definitions definitions = new RegistryObjects.Definitions(
                resources.byResource("apps", "v1", "statefulsets").orElseThrow(),
                resources.byResource("", "v1", "pods").orElseThrow(),
                resources.byResource("", "v1", "persistentvolumeclaims").orElseThrow(),
                resources.byResource("apps", "v1", "controllerrevisions").orElseThrow());
        this.sets = informers.informerFor(definitions.statefulSets());
        this.pods = informers.informerFor(definitions.pods())
                .addIndex(ControllerUidIndex.NAME, ControllerUidIndex::values);
        this.claims = informers.informerFor(definitions.claims());
        this.revisions = informers.informerFor(definitions.revisions())
                .addIndex(ControllerUidIndex.NAME, ControllerUidIndex::values);
        this.objects = new RegistryObjects(registry, definitions,
                new RegistryObjects.Informers(sets, pods, claims, revisions), expectations);
        StatefulSetEvents events = (set, type, reason, message) -> {
            if (StatefulSetEvents.NORMAL.equals(type)) {
                recorder.normal(COMPONENT, set, reason, message);
            } else {
                recorder.warning(COMPONENT, set, reason, message);
            }
        };
        this.revisionHistory = new RevisionHistory(objects);
        this.refManager = new ControllerRefManager("Pod", objects.podReferences());
        this.control = new StatefulSetControl(new StatefulPodControl(objects, events), revisionHistory, objects,
                registry.clock(), maxUnavailableEnabled);
        this.loop = new ControllerLoop("statefulset", queue, this::sync, WORKERS);
        this.clock = clock;
    }

    @PostConstruct
    void start() {
        // No sync before every cache holds its initial list, and the handlers were told of it.
        loop.start(sets.addEventHandler(ResourceEventHandler.forEveryChange(this::enqueue)),
                pods.addEventHandler(new ControlledPodEvents(OwnerReferences.STATEFUL_SET, sets,
                        StatefulSetSpec::selector, StatefulSetSpec::minReadySeconds, queue, clock)),
                claims, revisions);
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
     * Syncs one set (upstream sync): adopts its orphaned revisions, claims its pods and runs the
     * algorithm. Returns when to look again: after minReadySeconds while pods still have to become
     * available, and shortly when the caches have yet to show the last writes.
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
        Unstructured set = found.get();
        try {
            StatefulSetSpec.selector(set);
        } catch (InvalidSelectorException e) {
            // A selector that does not parse will not parse on a retry either.
            return 0;
        }
        adoptOrphanRevisions(set);
        // Only the pods it controls and the orphans it might adopt: other controllers' pods it
        // would leave alone anyway.
        List<Unstructured> claimed = refManager.claim(set, PodIdentity.claimable(set), ControllerUidIndex.controlledOrOrphaned(pods, set),
                () -> objects.checkCanAdopt(set));
        ReplicaStatus status = control.updateStatefulSet(set, claimed);
        int minReadySeconds = StatefulSetSpec.minReadySeconds(set);
        if (minReadySeconds > 0 && status.availableReplicas != StatefulSetSpec.replicas(set)) {
            return clock.wallMillisUntil(Duration.ofSeconds(minReadySeconds));
        }
        return 0;
    }

    private void adoptOrphanRevisions(Unstructured set) {
        List<Unstructured> orphans = revisionHistory.list(set).stream()
                .filter(revision -> OwnerReferences.controllerOf(revision).isEmpty())
                .toList();
        if (orphans.isEmpty()) {
            return;
        }
        try {
            objects.checkCanAdopt(set);
        } catch (RuntimeException e) {
            throw new IllegalStateException("can't adopt ControllerRevisions: " + e.getMessage(), e);
        }
        revisionHistory.adopt(set, orphans);
    }


    private void enqueue(Unstructured set) {
        queue.add(ControlledPodEvents.key(set));
    }
}
