package dev.ordinal.kubelet;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.OrdinalProperties;
import dev.ordinal.controller.runtime.EventRecorder;
import dev.ordinal.controller.runtime.SharedInformerFactory;
import dev.ordinal.machinery.SimulatedClock;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.registry.BootObjects;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * The kubelets' side of the Node objects: at start each simulated node registers (if missing) and
 * reports its status, as {@code kubelet_node_status.go} does; then {@link NodeHeartbeat} reports
 * it again and renews the node's Lease in kube-node-lease, on the simulated clock (a node a user
 * created with an InternalIP has its Lease renewed too, its status left as the user wrote it). A simulated node a user deleted is left deleted until the next start or reset. Each start records the
 * kubelet's events about its node: Starting and NodeAllocatableEnforced, and when the node
 * registers, the conditions it registers with (NodeHasSufficientMemory, NodeHasNoDiskPressure,
 * NodeHasSufficientPID, NodeReady).
 */
@Component
class SimulatedNodes implements ApplicationRunner, BootObjects {

    private static final String COMPONENT = "kubelet";
    private static final List<String> REGISTERED_CONDITIONS =
            List.of("NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID");

    private final GenericRegistry registry;
    private final ResourceDefinition nodes;
    private final List<SimulatedNode> simulated;
    private final EventRecorder events;
    private final NodeHeartbeat heartbeat;

    SimulatedNodes(GenericRegistry registry, ResourceRegistry resources, NodeProperties properties,
                   KubeletProperties kubelet, OrdinalProperties ordinal, SharedInformerFactory informers,
                   SimulatedClock clock, EventRecorder events) {
        this.registry = registry;
        this.events = events;
        this.nodes = resources.byResource("", "v1", "nodes").orElseThrow();
        ResourceDefinition leases = resources.byResource("coordination.k8s.io", "v1", "leases").orElseThrow();
        Ipv4Cidr podNetwork = Ipv4Cidr.parse(kubelet.podCidr());
        String bootId = UUID.randomUUID().toString();
        this.simulated = IntStream.range(0, properties.count())
                .mapToObj(i -> new SimulatedNode(i, properties, podNetwork, "v" + ordinal.kubernetesVersion(), bootId))
                .toList();
        // Fail at start, not at the first pod, when the networks are too small for the nodes.
        simulated.forEach(node -> {
            node.podCidr();
            node.internalIp();
        });
        this.heartbeat = new NodeHeartbeat(registry, nodes, leases, properties, clock, informers.informerFor(nodes),
                simulated.stream().collect(Collectors.toMap(SimulatedNode::name, Function.identity())));
    }

    @PostConstruct
    void startHeartbeats() {
        heartbeat.start();
    }

    @PreDestroy
    void stopHeartbeats() {
        heartbeat.stop();
    }

    @Override
    public void run(ApplicationArguments args) {
        create();
    }

    /** The kubelets start, and after a reset start again: their nodes register, report and take leases. */
    @Override
    public void create() {
        simulated.forEach(this::start);
        simulated.forEach(node -> heartbeat.beat(node.name()));
    }

    /** The kubelet starts: it registers its node if missing, and says so in events as a kubelet does. */
    private void start(SimulatedNode node) {
        nodeEvent(node, "Starting", "Starting kubelet.");
        boolean registered = register(node);
        if (registered) {
            REGISTERED_CONDITIONS.forEach(condition -> nodeEvent(node, condition, statusIsNow(node, condition)));
        }
        nodeEvent(node, "NodeAllocatableEnforced", "Updated Node Allocatable limit across pods");
        if (registered) {
            nodeEvent(node, "NodeReady", statusIsNow(node, "NodeReady"));
        }
    }

    /** Whether this start created the node. */
    private boolean register(SimulatedNode node) {
        if (registry.find(nodes, "", node.name()).isPresent()) {
            return false;
        }
        try {
            registry.create(nodes, "", node.registration(registry.now()), WriteOptions.defaults());
            return true;
        } catch (StatusError e) {
            if (e.code() != 409) {
                throw e;
            }
            return false;
        }
    }

    private static String statusIsNow(SimulatedNode node, String condition) {
        return "Node " + node.name() + " status is now: " + condition;
    }

    /** An event about the node as the kubelet refers to it: by name, the name standing in for the uid. */
    private void nodeEvent(SimulatedNode node, String reason, String message) {
        ObjectNode reference = JsonNodeFactory.instance.objectNode();
        reference.put("kind", "Node").put("name", node.name()).put("uid", node.name());
        events.record(COMPONENT, node.name(), reference, "Normal", reason, message);
    }

}
