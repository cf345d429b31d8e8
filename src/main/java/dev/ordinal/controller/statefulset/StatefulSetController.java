package dev.ordinal.controller.statefulset;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import dev.ordinal.controller.CacheExpectations;
import dev.ordinal.controller.OwnerReferences;
import dev.ordinal.controller.runtime.ControllerLoop;
import dev.ordinal.controller.runtime.ControllerUidIndex;
import dev.ordinal.controller.runtime.EventRecorder;
import dev.ordinal.controller.runtime.DeletedFinalStateUnknown;
import dev.ordinal.controller.runtime.ResourceEventHandler;
import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.controller.runtime.SharedInformerFactory;
import dev.ordinal.controller.runtime.WorkQueue;
import dev.ordinal.machinery.SimulatedClock;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.machinery.pod.PodConditions;
import dev.ordinal.machinery.labels.InvalidSelectorException;
import dev.ordinal.machinery.labels.LabelSelector;

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
        this.refManager = new ControllerRefManager(objects);
        this.control = new StatefulSetControl(new StatefulPodControl(objects, events), revisionHistory, objects,
                registry.clock(), maxUnavailableEnabled);
        this.loop = new ControllerLoop("statefulset", queue, this::sync, WORKERS);
        this.clock = clock;
    }

    @PostConstruct
    void start() {
        // No sync before every cache holds its initial list, and the handlers were told of it.
        loop.start(sets.addEventHandler(ResourceEventHandler.forEveryChange(this::enqueue)),
                pods.addEventHandler(new ResourceEventHandler() {
                    @Override
                    public void onAdd(Unstructured pod, boolean isInInitialList) {
                        addPod(pod);
                    }

                    @Override
                    public void onUpdate(Unstructured old, Unstructured current) {
                        updatePod(old, current);
                    }

                    @Override
                    public void onDelete(Object pod) {
                        deletePod(DeletedFinalStateUnknown.lastKnown(pod));
                    }
                }), claims, revisions);
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
        List<Unstructured> claimed = refManager.claimPods(set, ControllerUidIndex.controlledOrOrphaned(pods, set),
                () -> checkCanAdopt(set));
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
            checkCanAdopt(set);
        } catch (RuntimeException e) {
            throw new IllegalStateException("can't adopt ControllerRevisions: " + e.getMessage(), e);
        }
        revisionHistory.adopt(set, orphans);
    }

    /**
     * Adoption needs the set as stored, not as cached: it must still exist with the same UID and
     * not be being deleted (upstream canAdoptFunc and RecheckDeletionTimestamp).
     */
    private void checkCanAdopt(Unstructured set) {
        Unstructured fresh = objects.freshStatefulSet(set.namespace(), set.name()).orElseThrow(() ->
                new IllegalStateException("statefulsets.apps \"" + set.name() + "\" not found"));
        if (!fresh.uid().equals(set.uid())) {
            throw new IllegalStateException("original StatefulSet " + set.namespace() + "/" + set.name()
                    + " is gone: got uid " + fresh.uid() + ", wanted " + set.uid());
        }
        if (fresh.isBeingDeleted()) {
            throw new IllegalStateException(set.namespace() + "/" + set.name() + " has just been deleted at "
                    + fresh.deletionTimestamp());
        }
    }

    /** A new pod syncs its controller, or for an orphan every set that might adopt it (upstream addPod). */
    private void addPod(Unstructured pod) {
        if (pod.isBeingDeleted()) {
            deletePod(pod);
            return;
        }
        Optional<JsonNode> controllerRef = OwnerReferences.controllerOf(pod);
        if (controllerRef.isPresent()) {
            resolveControllerRef(pod.namespace(), controllerRef.get()).ifPresent(this::enqueue);
            return;
        }
        statefulSetsFor(pod).forEach(this::enqueue);
    }

    /**
     * A changed pod syncs its old and new controllers, or for an orphan whose labels or owner
     * changed every set that might adopt it (upstream updatePod). A pod that just became Ready syncs
     * its set again after minReadySeconds, when it becomes available.
     */
    private void updatePod(Unstructured old, Unstructured current) {
        if (current.resourceVersion().equals(old.resourceVersion())) {
            return;
        }
        boolean labelsChanged = !current.labels().equals(old.labels());
        Optional<JsonNode> currentRef = OwnerReferences.controllerOf(current);
        Optional<JsonNode> oldRef = OwnerReferences.controllerOf(old);
        boolean controllerChanged = !Objects.equals(currentRef, oldRef);
        if (controllerChanged && oldRef.isPresent()) {
            resolveControllerRef(old.namespace(), oldRef.get()).ifPresent(this::enqueue);
        }
        if (currentRef.isPresent()) {
            Optional<Unstructured> set = resolveControllerRef(current.namespace(), currentRef.get());
            if (set.isEmpty()) {
                return;
            }
            enqueue(set.get());
            int minReadySeconds = StatefulSetSpec.minReadySeconds(set.get());
            if (!PodConditions.isReady(old) && PodConditions.isReady(current) && minReadySeconds > 0) {
                // A second more than minReadySeconds, so the pod is past it when the sync looks.
                long after = clock.wallMillisUntil(Duration.ofSeconds(minReadySeconds + 1));
                if (after > 0) {
                    queue.addAfter(key(set.get()), after);
                }
            }
            return;
        }
        if (labelsChanged || controllerChanged) {
            statefulSetsFor(current).forEach(this::enqueue);
        }
    }

    /** A deleted pod syncs its controller; nobody cares about deleted orphans (upstream deletePod). */
    private void deletePod(Unstructured pod) {
        OwnerReferences.controllerOf(pod)
                .flatMap(ref -> resolveControllerRef(pod.namespace(), ref))
                .ifPresent(this::enqueue);
    }

    /** The set a controller reference names, if it is a StatefulSet that exists with that UID. */
    private Optional<Unstructured> resolveControllerRef(String namespace, JsonNode ref) {
        if (!OwnerReferences.STATEFUL_SET.kind().equals(ref.path("kind").asString(""))) {
            return Optional.empty();
        }
        return sets.get(namespace, ref.path("name").asString(""))
                .filter(set -> set.uid().equals(OwnerReferences.uid(ref)));
    }

    /** The sets in the pod's namespace whose non-empty selector matches its labels (upstream GetPodStatefulSets). */
    private List<Unstructured> statefulSetsFor(Unstructured pod) {
        if (pod.labels().isEmpty()) {
            return List.of();
        }
        return sets.list(pod.namespace()).stream().filter(set -> {
            try {
                LabelSelector selector = StatefulSetSpec.selector(set);
                return !selector.isEmpty() && selector.matches(pod.labels());
            } catch (InvalidSelectorException e) {
                return false;
            }
        }).toList();
    }

    private void enqueue(Unstructured set) {
        queue.add(key(set));
    }

    private static String key(Unstructured set) {
        return set.namespace() + "/" + set.name();
    }
}
