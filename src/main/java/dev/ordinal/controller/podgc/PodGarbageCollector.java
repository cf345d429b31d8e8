package dev.ordinal.controller.podgc;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.SyncErrors;
import dev.ordinal.controller.runtime.ControllerLoop;
import dev.ordinal.controller.runtime.ResourceEventHandler;
import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.controller.runtime.SharedInformerFactory;
import dev.ordinal.controller.runtime.WorkQueue;
import dev.ordinal.machinery.SimulatedClock;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.pod.PodConditions;
import dev.ordinal.registry.DeleteOptions;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * The pod garbage collector's orphan sweep (upstream {@code pkg/controller/podgc}, gcOrphaned): a
 * pod bound to a node that is gone, and still gone after a quarantine of 40 seconds on the
 * simulated clock (a fresh read, not the cache, must say so), is marked Failed with a
 * DisruptionTarget condition (DeletionByPodGC) and deleted at once, as no kubelet is left to
 * finish its deletion. Its controller, if any, replaces it.
 */
@Component
class PodGarbageCollector {

    /** Upstream's quarantineTime. */
    static final Duration QUARANTINE = Duration.ofSeconds(40);
    private static final WriteOptions AS_POD_GC = new WriteOptions(false, "pod-garbage-collector", "");

    private final GenericRegistry registry;
    private final ResourceDefinition podDefinition;
    private final ResourceDefinition nodeDefinition;
    private final SharedIndexInformer pods;
    private final SharedIndexInformer nodes;
    private final SimulatedClock clock;
    /** The nodes found missing, by name, with the moment their quarantine ends. */
    private final Map<String, Instant> quarantined = new ConcurrentHashMap<>();
    private final WorkQueue queue = new WorkQueue("podgc");
    private final ControllerLoop loop;

    PodGarbageCollector(GenericRegistry registry, ResourceRegistry resources, SharedInformerFactory informers,
                        SimulatedClock clock) {
        this.registry = registry;
        this.clock = clock;
        this.podDefinition = resources.byResource("", "v1", "pods").orElseThrow();
        this.nodeDefinition = resources.byResource("", "v1", "nodes").orElseThrow();
        this.pods = informers.informerFor(podDefinition);
        this.nodes = informers.informerFor(nodeDefinition);
        this.loop = new ControllerLoop("podgc", queue, this::reconcile, 1);
    }

    @PostConstruct
    void start() {
        loop.start(pods.addEventHandler(ResourceEventHandler.forEveryChange(this::onPod)),
                nodes.addEventHandler(ResourceEventHandler.forChangesAndDeletions(node -> { }, this::onNodeGone)));
        // The quarantine counts on the simulated clock: when it moves other than at its pace, look again.
        clock.onChange(this::resync);
    }

    @PreDestroy
    void stop() {
        loop.stop();
    }

    /** Looks for pods on missing nodes again, as upstream's periodic sweep does. */
    @Scheduled(fixedDelayString = "${ordinal.controllers.resync:30s}")
    void resync() {
        pods.list().forEach(this::onPod);
        quarantined.keySet().forEach(queue::add);
    }

    private void onPod(Unstructured pod) {
        String nodeName = nodeName(pod);
        if (!nodeName.isEmpty() && nodes.get("", nodeName).isEmpty()) {
            quarantine(nodeName);
        }
    }

    private void onNodeGone(Unstructured node) {
        quarantine(node.name());
    }

    private void quarantine(String nodeName) {
        quarantined.putIfAbsent(nodeName, clock.instant().plus(QUARANTINE));
        queue.add(nodeName);
    }

    /**
     * Once a node's quarantine is over and the node is still missing, deletes the pods bound to
     * it; returns how long the quarantine has left otherwise.
     */
    long reconcile(String nodeName) {
        Instant end = quarantined.get(nodeName);
        if (end == null) {
            return 0;
        }
        if (nodes.get("", nodeName).isPresent() || registry.find(nodeDefinition, "", nodeName).isPresent()) {
            quarantined.remove(nodeName);
            return 0;
        }
        Duration left = Duration.between(clock.instant(), end);
        if (!left.isNegative() && !left.isZero()) {
            // 0 while the clock is paused: its next move looks again.
            return clock.wallMillisUntil(left);
        }
        quarantined.remove(nodeName);
        for (Unstructured pod : pods.list()) {
            if (nodeName.equals(nodeName(pod))) {
                markFailedAndDelete(pod);
            }
        }
        return 0;
    }

    /** Upstream markFailedAndDeletePodWithCondition: Failed with the condition, unless already terminal, then gone. */
    private void markFailedAndDelete(Unstructured pod) {
        try {
            String phase = pod.at("status.phase").asString("");
            if (!phase.equals("Failed") && !phase.equals("Succeeded")) {
                registry.patch(podDefinition, pod.namespace(), pod.name(), current -> {
                    if (!current.uid().equals(pod.uid())) {
                        return current;
                    }
                    ObjectNode status = current.json().withObject("status");
                    status.put("phase", "Failed");
                    PodConditions.update(status, "DisruptionTarget", "True", "DeletionByPodGC",
                            "PodGC: node no longer exists", registry.now());
                    return current;
                }, Subresource.STATUS, AS_POD_GC);
            }
            registry.delete(podDefinition, pod.namespace(), pod.name(),
                    new DeleteOptions(0L, "", pod.uid(), "", false));
        } catch (RuntimeException e) {
            if (!SyncErrors.isNotFound(e) && !SyncErrors.isConflict(e)) {
                throw e;
            }
        }
    }

    private static String nodeName(Unstructured pod) {
        return pod.at("spec.nodeName").asString("");
    }
}
