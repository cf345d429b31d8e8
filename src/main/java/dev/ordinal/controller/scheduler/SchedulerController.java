package dev.ordinal.controller.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.runtime.ControllerLoop;
import dev.ordinal.controller.runtime.EventRecorder;
import dev.ordinal.controller.runtime.Informer;
import dev.ordinal.controller.runtime.WorkQueue;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ResourceDefinition;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.Subresource;
import dev.ordinal.registry.WriteOptions;
import dev.ordinal.registry.core.PodBinder;
import dev.ordinal.registry.core.PodConditions;
import dev.ordinal.storage.ObjectStore;

/**
 * kube-scheduler's default-scheduler: places each unscheduled pod it is responsible for on a node
 * ({@link SchedulingAlgorithm}), binds it through the pods/binding subresource and records a
 * Scheduled event; a pod that fits nowhere gets PodScheduled=False (Unschedulable) and a
 * FailedScheduling event, and is tried again when a node is added or changes in a way that may
 * let it fit, when a bound pod goes away or finishes, when the pod itself changes, and at least
 * every five minutes (upstream's podMaxInUnschedulablePodsDuration).
 */
@Component
class SchedulerController {

    static final String SCHEDULER_NAME = "default-scheduler";
    private static final Logger log = LoggerFactory.getLogger(SchedulerController.class);
    private static final Duration UNSCHEDULABLE_RETRY = Duration.ofMinutes(5);
    private static final long SYNC_WAIT_MILLIS = 50;
    private static final WriteOptions AS_SCHEDULER = new WriteOptions(false, SCHEDULER_NAME, "");

    /** A pod bound but not yet seen bound by the informer, counted on its node meanwhile (upstream's assumed pods). */
    private record Assumed(String node, Unstructured pod) {
    }

    private final GenericRegistry registry;
    private final ResourceDefinition pods;
    private final PodBinder binder;
    private final EventRecorder events;
    private final Informer podInformer;
    private final Informer nodeInformer;
    private final WorkQueue queue = new WorkQueue("scheduler");
    private final ControllerLoop loop;
    private final Clock clock;
    private final Random random = new Random();
    /** Pods that fit nowhere, by key, with when they were last tried. */
    private final Map<String, Instant> unschedulable = new ConcurrentHashMap<>();
    private final Map<String, Assumed> assumed = new ConcurrentHashMap<>();

    SchedulerController(GenericRegistry registry, ResourceRegistry resources, ObjectStore store, PodBinder binder,
                        EventRecorder events) {
        this.registry = registry;
        this.pods = resources.byResource("", "v1", "pods").orElseThrow();
        this.binder = binder;
        this.events = events;
        this.podInformer = new Informer(pods.groupResource(), store);
        this.nodeInformer = new Informer(resources.byResource("", "v1", "nodes").orElseThrow().groupResource(), store);
        // One pod at a time, as upstream's scheduleOne: each placement sees the ones before it.
        this.loop = new ControllerLoop("scheduler", queue, this::reconcile, 1);
        this.clock = registry.clock();
    }

    @PostConstruct
    void start() {
        podInformer.addHandler(this::onPod);
        nodeInformer.addHandler((node, previous) -> {
            if (nodeInformer.get("", node.name()).isPresent() && SchedulingEvents.nodeMayFitMore(previous, node)) {
                retryUnschedulable();
            }
        });
        nodeInformer.start();
        podInformer.start();
        loop.start();
    }

    @PreDestroy
    void stop() {
        loop.stop();
        podInformer.stop();
        nodeInformer.stop();
    }

    @Scheduled(fixedDelayString = "${ordinal.controllers.resync:30s}")
    void resync() {
        podInformer.resync();
    }

    private void onPod(Unstructured pod, Unstructured previous) {
        String key = Informer.key(pod.namespace(), pod.name());
        boolean gone = podInformer.get(pod.namespace(), pod.name()).filter(p -> p.uid().equals(pod.uid())).isEmpty();
        if (gone || SchedulingEvents.isAssigned(pod)) {
            assumed.remove(pod.uid());
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

    private void retryUnschedulable() {
        unschedulable.keySet().forEach(queue::add);
    }

    long reconcile(String key) {
        if (!podInformer.hasSynced() || !nodeInformer.hasSynced()) {
            return SYNC_WAIT_MILLIS;
        }
        int slash = key.indexOf('/');
        Unstructured pod = podInformer.get(key.substring(0, slash), key.substring(slash + 1)).orElse(null);
        if (pod == null || SchedulingEvents.isAssigned(pod) || !isResponsibleFor(pod) || pod.isBeingDeleted()
                || !pod.json().path("spec").path("schedulingGates").isEmpty()) {
            unschedulable.remove(key);
            return 0;
        }
        SchedulingAlgorithm.Result result = SchedulingAlgorithm.schedule(pod, nodeInfos());
        if (result.scheduled()) {
            String node = result.bestNodes().get(random.nextInt(result.bestNodes().size()));
            bind(pod, node);
            unschedulable.remove(key);
        } else {
            unschedulable.put(key, clock.instant());
            markUnschedulable(pod, result.failure());
            events.warning(SCHEDULER_NAME, pod, "FailedScheduling", result.failure());
        }
        return 0;
    }

    private void bind(Unstructured pod, String node) {
        ObjectNode binding = JsonNodeFactory.instance.objectNode();
        binding.put("apiVersion", "v1");
        binding.put("kind", "Binding");
        binding.putObject("metadata").put("name", pod.name()).put("namespace", pod.namespace()).put("uid", pod.uid());
        binding.putObject("target").put("kind", "Node").put("name", node);
        try {
            binder.bind(pod.namespace(), pod.name(), new Unstructured(binding), false);
        } catch (StatusError e) {
            if (e.code() == 404 || e.code() == 409) {
                // Deleted, replaced or bound meanwhile: its own event brings it back if need be.
                log.debug("binding {}/{} to {} failed: {}", pod.namespace(), pod.name(), node, e.getMessage());
                return;
            }
            throw e;
        }
        Unstructured bound = pod.deepCopy();
        bound.json().withObject("spec").put("nodeName", node);
        assumed.put(pod.uid(), new Assumed(node, bound));
        events.normal(SCHEDULER_NAME, pod, "Scheduled",
                "Successfully assigned " + pod.namespace() + "/" + pod.name() + " to " + node);
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

    /** The nodes with the pods bound to them, assumed ones included; finished pods hold nothing. */
    private List<NodeInfo> nodeInfos() {
        Map<String, List<Unstructured>> byNode = new HashMap<>();
        for (Unstructured pod : podInformer.list()) {
            if (SchedulingEvents.isAssigned(pod) && !SchedulingEvents.isTerminal(pod)) {
                byNode.computeIfAbsent(SchedulingEvents.nodeName(pod), n -> new ArrayList<>()).add(pod);
            }
        }
        assumed.forEach((uid, placed) -> {
            Unstructured seen = podInformer.get(placed.pod().namespace(), placed.pod().name()).orElse(null);
            if (seen != null && seen.uid().equals(uid) && !SchedulingEvents.isAssigned(seen)) {
                byNode.computeIfAbsent(placed.node(), n -> new ArrayList<>()).add(placed.pod());
            }
        });
        return nodeInformer.list().stream()
                .sorted(Comparator.comparing(Unstructured::name))
                .map(node -> NodeInfo.of(node, byNode.getOrDefault(node.name(), List.of())))
                .toList();
    }

    private static boolean isResponsibleFor(Unstructured pod) {
        String name = pod.json().path("spec").path("schedulerName").asString("");
        return name.isEmpty() || name.equals(SCHEDULER_NAME);
    }
}
