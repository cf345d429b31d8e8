package dev.ordinal.controller.nodelifecycle;

import java.time.Duration;
import java.time.Instant;

import jakarta.annotation.PreDestroy;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

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
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * The node lifecycle controller (upstream {@code pkg/controller/nodelifecycle}): every node
 * monitor period (5s of the simulated clock) and whenever a node changes it looks at every node
 * ({@link NodeHealth}): a node whose kubelet went silent gets Unknown conditions, its pods lose
 * their Ready condition, and the node is tainted unreachable (NoSchedule, NoExecute); a kubelet
 * reporting not ready gets the not-ready taints; a cordoned node the unschedulable taint; the
 * taints go when the node is Ready again. Evicting the pods is the taint eviction controller's.
 */
@Component
class NodeLifecycleController implements ApplicationRunner {

    /** Upstream's --node-monitor-period default. */
    static final Duration MONITOR_PERIOD = Duration.ofSeconds(5);
    private static final String MONITOR = "monitor";
    private static final String COMPONENT = "node-controller";
    private static final String LEASE_NAMESPACE = "kube-node-lease";
    private static final WriteOptions AS_NODE_CONTROLLER = new WriteOptions(false, COMPONENT, "");

    private final GenericRegistry registry;
    private final ResourceDefinition nodeDefinition;
    private final ResourceDefinition podDefinition;
    private final ResourceDefinition leaseDefinition;
    private final SharedIndexInformer nodes;
    private final SharedIndexInformer pods;
    private final SimulatedClock clock;
    private final EventRecorder events;
    private final WorkQueue queue = new WorkQueue("nodelifecycle");
    private final ControllerLoop loop;

    NodeLifecycleController(GenericRegistry registry, ResourceRegistry resources, SharedInformerFactory informers,
                            SimulatedClock clock, EventRecorder events) {
        this.registry = registry;
        this.clock = clock;
        this.events = events;
        this.nodeDefinition = resources.byResource("", "v1", "nodes").orElseThrow();
        this.podDefinition = resources.byResource("", "v1", "pods").orElseThrow();
        this.leaseDefinition = resources.byResource("coordination.k8s.io", "v1", "leases").orElseThrow();
        this.nodes = informers.informerFor(nodeDefinition);
        this.pods = informers.informerFor(podDefinition);
        this.loop = new ControllerLoop("nodelifecycle", queue, key -> monitor(), 1);
    }

    /**
     * Starts once every bean is up: its look at a moved clock then comes after the kubelets'
     * heartbeats through the move (they beat as the clock moves, registered before), so a step
     * never finds a healthy node silent.
     */
    @Override
    public void run(ApplicationArguments args) {
        // The pods are only read, when a node goes silent: their cache need only be synced first.
        loop.start(nodes.addEventHandler(ResourceEventHandler.forEveryChange(node -> queue.add(MONITOR))),
                pods.addEventHandler(new ResourceEventHandler() { }));
        clock.onChange(() -> queue.add(MONITOR));
        queue.add(MONITOR);
    }

    @PreDestroy
    void stop() {
        loop.stop();
    }

    @Scheduled(fixedDelayString = "${ordinal.controllers.resync:30s}")
    void resync() {
        queue.add(MONITOR);
    }

    /** One pass over every node (upstream's monitorNodeHealth); answers when the next one is due. */
    long monitor() {
        Instant now = clock.instant();
        for (Unstructured node : nodes.list()) {
            try {
                Instant renewed = registry.find(leaseDefinition, LEASE_NAMESPACE, node.name())
                        .map(lease -> NodeHealth.parse(lease.json().path("spec").path("renewTime").asString("")))
                        .orElse(null);
                if (!NodeHealth.of(node, renewed, now).changesNothing()) {
                    update(node.name(), renewed, now);
                }
            } catch (RuntimeException e) {
                if (!SyncErrors.isNotFound(e)) {
                    throw e;
                }
            }
        }
        return clock.wallMillisUntil(MONITOR_PERIOD);
    }

    /**
     * Writes what the node's health calls for, each write decided again on the node as stored, so
     * a status the kubelet posted since the cache saw the node is never overwritten.
     */
    private void update(String name, Instant renewed, Instant now) {
        boolean[] madeUnknown = {false};
        Unstructured node = registry.patch(nodeDefinition, "", name, current -> {
            NodeHealth health = NodeHealth.of(current, renewed, now);
            if (health.conditions() != null) {
                current.json().withObject("status").set("conditions", health.conditions());
                madeUnknown[0] = health.markPodsNotReady();
            }
            return current;
        }, Subresource.STATUS, AS_NODE_CONTROLLER);
        if (madeUnknown[0]) {
            nodeEvent(node, "NodeNotReady", "Node " + name + " status is now: NodeNotReady");
            markPodsNotReady(name);
        }
        registry.patch(nodeDefinition, "", name, current -> {
            NodeHealth health = NodeHealth.of(current, renewed, now);
            if (health.taints() != null) {
                if (health.taints().isEmpty()) {
                    current.json().withObject("spec").remove("taints");
                } else {
                    current.json().withObject("spec").set("taints", health.taints());
                }
            }
            return current;
        }, null, AS_NODE_CONTROLLER);
    }

    /** Upstream's MarkPodsNotReady: the Ready condition of every pod on the node goes False. */
    private void markPodsNotReady(String nodeName) {
        for (Unstructured pod : pods.list()) {
            if (!pod.at("spec.nodeName").asString("").equals(nodeName) || !PodConditions.isReady(pod)) {
                continue;
            }
            try {
                registry.patch(podDefinition, pod.namespace(), pod.name(), current -> {
                    ObjectNode status = current.json().withObject("status");
                    var ready = PodConditions.find(status, "Ready");
                    if (current.uid().equals(pod.uid()) && ready instanceof ObjectNode condition
                            && !condition.path("status").asString("").equals("False")) {
                        condition.put("status", "False");
                        condition.put("lastTransitionTime", registry.now());
                    }
                    return current;
                }, Subresource.STATUS, AS_NODE_CONTROLLER);
                events.record(COMPONENT, "", pod, "", "Warning", "NodeNotReady", "Node is not ready");
            } catch (RuntimeException e) {
                if (!SyncErrors.isNotFound(e)) {
                    throw e;
                }
            }
        }
    }

    /** An event about the node, which upstream's recorder refers to by name, the name standing in for the uid. */
    private void nodeEvent(Unstructured node, String reason, String message) {
        ObjectNode reference = JsonNodeFactory.instance.objectNode();
        reference.put("kind", "Node").put("name", node.name()).put("uid", node.name());
        events.record(COMPONENT, "", reference, "Normal", reason, message);
    }
}
