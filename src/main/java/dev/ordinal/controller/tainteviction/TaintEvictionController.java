package dev.ordinal.controller.tainteviction;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.ordinal.controller.SyncErrors;
import dev.ordinal.controller.runtime.ControllerLoop;
import dev.ordinal.controller.runtime.EventRecorder;
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
 * The taint eviction controller (upstream {@code pkg/controller/tainteviction}): a pod on a node
 * with NoExecute taints it does not tolerate, or tolerates only for a while, is deleted when
 * {@link TaintEviction} says, with a DisruptionTarget condition (DeletionByTaintManager) and a
 * TaintManagerEviction event first. The deletion is an ordinary graceful one: on a node whose
 * kubelet is gone, the pod stays Terminating until it is force-deleted or the kubelet is back.
 */
@Component
class TaintEvictionController {

    private static final String COMPONENT = "taint-eviction-controller";
    private static final WriteOptions AS_TAINT_EVICTION = new WriteOptions(false, COMPONENT, "");

    private final GenericRegistry registry;
    private final ResourceDefinition podDefinition;
    private final SharedIndexInformer pods;
    private final SharedIndexInformer nodes;
    private final SimulatedClock clock;
    private final EventRecorder events;
    private final WorkQueue queue = new WorkQueue("tainteviction");
    private final ControllerLoop loop;

    TaintEvictionController(GenericRegistry registry, ResourceRegistry resources, SharedInformerFactory informers,
                            SimulatedClock clock, EventRecorder events) {
        this.registry = registry;
        this.clock = clock;
        this.events = events;
        this.podDefinition = resources.byResource("", "v1", "pods").orElseThrow();
        this.pods = informers.informerFor(podDefinition);
        this.nodes = informers.informerFor(resources.byResource("", "v1", "nodes").orElseThrow());
        this.loop = new ControllerLoop("tainteviction", queue, this::reconcile, 1);
    }

    @PostConstruct
    void start() {
        loop.start(pods.addEventHandler(ResourceEventHandler.forEveryChange(this::onPod)),
                nodes.addEventHandler(ResourceEventHandler.forChanges((node, old) -> {
                    if (old == null || !old.json().path("spec").path("taints").equals(
                            node.json().path("spec").path("taints"))) {
                        podsOn(node.name());
                    }
                }, node -> { })));
        // Toleration times count on the simulated clock: when it moves other than at its pace, look again.
        clock.onChange(this::resync);
    }

    @PreDestroy
    void stop() {
        loop.stop();
    }

    @Scheduled(fixedDelayString = "${ordinal.controllers.resync:30s}")
    void resync() {
        pods.list().forEach(this::onPod);
    }

    private void onPod(Unstructured pod) {
        if (!nodeName(pod).isEmpty()) {
            queue.add(SharedIndexInformer.key(pod.namespace(), pod.name()));
        }
    }

    private void podsOn(String nodeName) {
        for (Unstructured pod : pods.list()) {
            if (nodeName(pod).equals(nodeName)) {
                onPod(pod);
            }
        }
    }

    /** Deletes the pod if its time on a tainted node is up; answers when to look again. */
    long reconcile(String key) {
        int slash = key.indexOf('/');
        Unstructured pod = pods.get(key.substring(0, slash), key.substring(slash + 1)).orElse(null);
        if (pod == null || pod.isBeingDeleted() || nodeName(pod).isEmpty()) {
            return 0;
        }
        Unstructured node = nodes.get("", nodeName(pod)).orElse(null);
        if (node == null) {
            return 0;
        }
        Instant now = clock.instant();
        Optional<Instant> deletion = TaintEviction.deletionTime(pod.json().path("spec").path("tolerations"),
                node.json().path("spec").path("taints"), now);
        if (deletion.isEmpty()) {
            return 0;
        }
        Duration left = Duration.between(now, deletion.get());
        if (!left.isNegative() && !left.isZero()) {
            return clock.wallMillisUntil(left);
        }
        evict(pod);
        return 0;
    }

    /** Upstream's addConditionAndDeletePod, after its emitPodDeletionEvent. */
    private void evict(Unstructured pod) {
        events.record(COMPONENT, "", pod, "", "Normal", "TaintManagerEviction",
                "Marking for deletion Pod " + pod.namespace() + "/" + pod.name());
        try {
            registry.patch(podDefinition, pod.namespace(), pod.name(), current -> {
                if (current.uid().equals(pod.uid())) {
                    PodConditions.update(current.json().withObject("status"), "DisruptionTarget", "True",
                            "DeletionByTaintManager", "Taint manager: deleting due to NoExecute taint", registry.now());
                }
                return current;
            }, Subresource.STATUS, AS_TAINT_EVICTION);
            registry.delete(podDefinition, pod.namespace(), pod.name(), new DeleteOptions(null, "", pod.uid(), "", false));
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
