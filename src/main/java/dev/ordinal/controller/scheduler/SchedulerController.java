package dev.ordinal.controller.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.ordinal.controller.runtime.ControllerLoop;
import dev.ordinal.controller.runtime.EventRecorder;
import dev.ordinal.controller.runtime.DeletedFinalStateUnknown;
import dev.ordinal.controller.runtime.ResourceEventHandler;
import dev.ordinal.controller.runtime.ResourceEventHandlerRegistration;
import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.controller.runtime.SharedInformerFactory;
import dev.ordinal.controller.runtime.WorkQueue;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.WriteOptions;
import dev.ordinal.registry.core.PodBinder;
import dev.ordinal.machinery.pod.PodConditions;

/**
 * kube-scheduler's default-scheduler: places each unscheduled pod it is responsible for on a node
 * ({@link SchedulingAlgorithm}) with what each node holds from its {@link SchedulerCache}, assumes
 * it there and leaves binding it through the pods/binding subresource, and the Scheduled event,
 * to the {@link BindingCycle}; a pod that fits nowhere gets PodScheduled=False (Unschedulable) and a
 * FailedScheduling event, and is tried again when a node is added or changes in a way that may
 * let it fit, when a bound pod goes away or finishes, when the pod itself changes, and at least
 * every five minutes (upstream's podMaxInUnschedulablePodsDuration).
 */
@Component
class SchedulerController {

    static final String SCHEDULER_NAME = "default-scheduler";
    private static final Duration UNSCHEDULABLE_RETRY = Duration.ofMinutes(5);
    /** How soon a pod whose binding failed for another reason than a conflict is scheduled again. */
    private static final long BINDING_RETRY_MILLIS = 1000;
    private static final WriteOptions AS_SCHEDULER = new WriteOptions(false, SCHEDULER_NAME, "");

    private final GenericRegistry registry;
    private final ResourceDefinition pods;
    private final EventRecorder events;
    private final SharedIndexInformer podInformer;
    private final SharedIndexInformer nodeInformer;
    private final WorkQueue queue = new WorkQueue("scheduler");
    private final ControllerLoop loop;
    private final Clock clock;
    private final Random random = new Random();
    /** Pods that fit nowhere, by key, with when they were last tried. */
    private final Map<String, Instant> unschedulable = new ConcurrentHashMap<>();
    private final SchedulerCache cache = new SchedulerCache();
    private final BindingCycle bindings;
    private ResourceEventHandlerRegistration podHandler;

    SchedulerController(GenericRegistry registry, ResourceRegistry resources, SharedInformerFactory informers,
                        PodBinder binder,
                        EventRecorder events) {
        this.registry = registry;
        this.pods = resources.byResource("", "v1", "pods").orElseThrow();
        this.events = events;
        this.podInformer = informers.informerFor(pods);
        this.nodeInformer = informers.informerFor(resources.byResource("", "v1", "nodes").orElseThrow());
        // One pod at a time, as upstream's scheduleOne: each placement sees the ones before it,
        // assumed on their nodes while their bindings are written apart.
        this.loop = new ControllerLoop("scheduler", queue, this::reconcile, 1);
        this.bindings = new BindingCycle(podInformer, cache, binder, events,
                key -> queue.addAfter(key, BINDING_RETRY_MILLIS));
        this.clock = registry.clock();
    }

    @PostConstruct
    void start() {
        podHandler = podInformer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(Unstructured pod, boolean isInInitialList) {
                onPod(pod, null, false);
            }

            @Override
            public void onUpdate(Unstructured old, Unstructured current) {
                if (old.uid().equals(current.uid())) {
                    onPod(current, old, false);
                } else {
                    // A relist found another pod under the name: the one the cache holds is gone.
                    onPod(old, null, true);
                    onPod(current, null, false);
                }
            }

            @Override
            public void onDelete(Object pod) {
                onPod(DeletedFinalStateUnknown.lastKnown(pod), null, true);
            }
        });
        ResourceEventHandlerRegistration nodeHandler = nodeInformer.addEventHandler(
                ResourceEventHandler.forChanges(this::onNode, node -> cache.removeNode(node.name())));
        bindings.start();
        // Every bound pod must be in the cache of what each node holds before one is placed.
        loop.start(podHandler, nodeHandler);
    }

    @PreDestroy
    void stop() {
        loop.stop();
        bindings.stop();
    }

    @Scheduled(fixedDelayString = "${ordinal.controllers.resync:30s}")
    void resync() {
        podHandler.resync();
    }

    private void onNode(Unstructured node, Unstructured previous) {
        cache.addOrUpdateNode(node);
        if (SchedulingEvents.nodeMayFitMore(previous, node)) {
            retryUnschedulable();
        }
    }

    /** A pod added, changed, resynced ({@code previous == pod}) or, when {@code gone}, deleted. */
    private void onPod(Unstructured pod, Unstructured previous, boolean gone) {
        String key = SharedIndexInformer.key(pod.namespace(), pod.name());
        if (previous != pod) {
            // Not on the resync, which hands over a cached pod again and may race a newer event.
            updateCache(pod, gone);
        }
        if (gone || SchedulingEvents.isAssigned(pod)) {
            unschedulable.remove(key);
            if (SchedulingEvents.freesResources(pod, previous, gone)) {
                retryUnschedulable();
            }
            return;
        }
        if (!isResponsibleFor(pod)) {
            return;
        }
        if (previous == pod) {
            // The resync: a pod never tried, or tried long ago.
            Instant tried = unschedulable.get(key);
            if (tried == null || !clock.instant().isBefore(tried.plus(UNSCHEDULABLE_RETRY))) {
                queue.add(key);
            }
        } else if (previous == null || SchedulingEvents.podChanged(previous, pod)) {
            queue.add(key);
        }
    }

    /**
     * Bound pods count on their node until they are gone or finished, as upstream's scheduler
     * informer, which leaves terminal pods out, shows them; unbound ones only when assumed.
     */
    private void updateCache(Unstructured pod, boolean gone) {
        if (gone || SchedulingEvents.isTerminal(pod)) {
            cache.removePod(pod);
        } else if (SchedulingEvents.isAssigned(pod)) {
            cache.addOrUpdatePod(pod);
        }
    }

    private void retryUnschedulable() {
        unschedulable.keySet().forEach(queue::add);
    }

    long reconcile(String key) {
        int slash = key.indexOf('/');
        Unstructured pod = podInformer.get(key.substring(0, slash), key.substring(slash + 1)).orElse(null);
        if (pod == null || SchedulingEvents.isAssigned(pod) || !isResponsibleFor(pod) || pod.isBeingDeleted()
                || !pod.json().path("spec").path("schedulingGates").isEmpty()) {
            unschedulable.remove(key);
            return 0;
        }
        if (cache.isAssumed(pod)) {
            // Placed already, its binding not yet seen (upstream skipPodSchedule).
            return 0;
        }
        SchedulingAlgorithm.Result result = SchedulingAlgorithm.schedule(pod, cache.snapshot());
        if (result.scheduled()) {
            String node = result.bestNodes().get(random.nextInt(result.bestNodes().size()));
            cache.assumePod(pod, node);
            bindings.add(key);
            unschedulable.remove(key);
        } else {
            unschedulable.put(key, clock.instant());
            markUnschedulable(pod, result.failure());
            events.warning(SCHEDULER_NAME, pod, "FailedScheduling", result.failure());
        }
        return 0;
    }

    private void markUnschedulable(Unstructured pod, String message) {
        try {
            registry.patch(pods, pod.namespace(), pod.name(), current -> {
                if (current.uid().equals(pod.uid()) && !SchedulingEvents.isAssigned(current)) {
                    PodConditions.update(current.json().withObject("status"), "PodScheduled", "False",
                            "Unschedulable", message, registry.now());
                }
                return current;
            }, Subresource.STATUS, AS_SCHEDULER);
        } catch (StatusError e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    private static boolean isResponsibleFor(Unstructured pod) {
        String name = pod.json().path("spec").path("schedulerName").asString("");
        return name.isEmpty() || name.equals(SCHEDULER_NAME);
    }
}
