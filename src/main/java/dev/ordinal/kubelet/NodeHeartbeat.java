package dev.ordinal.kubelet;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.runtime.ControllerLoop;
import dev.ordinal.controller.runtime.ResourceEventHandler;
import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.controller.runtime.WorkQueue;
import dev.ordinal.machinery.SimulatedClock;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * The kubelets' heartbeats, on the simulated clock: every node a simulated kubelet runs (Ordinal's
 * own nodes, and any node with an InternalIP) has its Lease in kube-node-lease renewed every
 * {@code lease-renew-interval}, and Ordinal's own nodes their status posted as {@link HeartbeatPlan}
 * decides (a node a user created keeps the status the user wrote), so a
 * paused clock holds them still, a faster one renews faster, and a step renews the Leases of the
 * healthy nodes at once, before anyone looks at the stepped clock (see {@link #beatAll}). A node's
 * {@code ordinal.dev/not-ready} or {@code ordinal.dev/unreachable} fault is read at every beat.
 */
final class NodeHeartbeat {

    private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);
    static final String LEASE_NAMESPACE = "kube-node-lease";
    /** Upstream's default nodeLeaseDurationSeconds. */
    private static final int LEASE_DURATION_SECONDS = 40;
    private static final WriteOptions AS_KUBELET = new WriteOptions(false, "kubelet", "");
    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX").withZone(ZoneOffset.UTC);

    private final GenericRegistry registry;
    private final ResourceDefinition nodes;
    private final ResourceDefinition leases;
    private final NodeProperties properties;
    private final SimulatedClock clock;
    private final SharedIndexInformer nodeInformer;
    private final Map<String, SimulatedNode> simulated;
    private final WorkQueue queue = new WorkQueue("node-heartbeat");
    private final ControllerLoop loop;

    NodeHeartbeat(GenericRegistry registry, ResourceDefinition nodes, ResourceDefinition leases,
                  NodeProperties properties, SimulatedClock clock, SharedIndexInformer nodeInformer,
                  Map<String, SimulatedNode> simulated) {
        this.registry = registry;
        this.nodes = nodes;
        this.leases = leases;
        this.properties = properties;
        this.clock = clock;
        this.nodeInformer = nodeInformer;
        this.simulated = simulated;
        this.loop = new ControllerLoop("node-heartbeat", queue, this::beat, 1);
    }

    void start() {
        loop.start(nodeInformer.addEventHandler(ResourceEventHandler.forEveryChange(node -> queue.add(node.name()))));
        clock.onChange(this::beatAll);
    }

    void stop() {
        loop.stop();
    }

    /**
     * Every kubelet beats now, on the caller's thread: run on every change of the clock, so the
     * Leases of healthy nodes are renewed through a step before a controller that reads them
     * after the step (the node lifecycle controller) looks.
     */
    void beatAll() {
        for (Unstructured node : nodeInformer.list()) {
            try {
                beat(node.name());
            } catch (RuntimeException e) {
                log.debug("node {}: no heartbeat: {}", node.name(), e.getMessage());
            }
        }
    }

    /** One node's kubelet beats if due; answers the wall milliseconds until it is due again (0: never). */
    long beat(String name) {
        Unstructured node = registry.find(nodes, "", name).orElse(null);
        if (node == null || internalIp(node).isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        Unstructured lease = registry.find(leases, LEASE_NAMESPACE, name).orElse(null);
        HeartbeatPlan plan = HeartbeatPlan.at(node, lease == null ? null : renewTime(lease), now, properties);
        // A node a user created keeps the status the user gave it: its kubelet only heartbeats.
        if (plan.postStatus() && simulated.containsKey(name)) {
            postStatus(name, plan.ready());
        }
        if (plan.renewLease()) {
            renewLease(node, lease != null, now);
        }
        return plan.next() == null ? 0 : clock.wallMillisUntil(plan.wait(now));
    }

    private void postStatus(String name, boolean ready) {
        SimulatedNode own = simulated.get(name);
        registry.patch(nodes, "", name, current -> {
            current.json().set("status", own.status(current.json().path("status"), registry.now(), ready));
            return current;
        }, Subresource.STATUS, AS_KUBELET);
    }

    private void renewLease(Unstructured node, boolean exists, Instant now) {
        String renewTime = MICRO_TIME.format(now);
        if (exists) {
            registry.patch(leases, LEASE_NAMESPACE, node.name(), lease -> {
                lease.json().withObject("spec").put("renewTime", renewTime);
                return lease;
            }, null, AS_KUBELET);
            return;
        }
        ObjectNode lease = JsonNodeFactory.instance.objectNode();
        ObjectNode metadata = lease.putObject("metadata");
        metadata.put("name", node.name());
        metadata.putArray("ownerReferences").addObject()
                .put("apiVersion", "v1")
                .put("kind", "Node")
                .put("name", node.name())
                .put("uid", node.uid());
        lease.putObject("spec")
                .put("holderIdentity", node.name())
                .put("leaseDurationSeconds", LEASE_DURATION_SECONDS)
                .put("renewTime", renewTime);
        try {
            registry.create(leases, LEASE_NAMESPACE, new Unstructured(lease), AS_KUBELET);
        } catch (StatusError e) {
            if (e.code() != 409) {
                throw e;
            }
        }
    }

    private static Instant renewTime(Unstructured lease) {
        try {
            return Instant.parse(lease.json().path("spec").path("renewTime").asString(""));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String internalIp(Unstructured node) {
        for (JsonNode address : node.json().path("status").path("addresses")) {
            if (address.path("type").asString("").equals("InternalIP")) {
                return address.path("address").asString("");
            }
        }
        return "";
    }

}
