package dev.ordinal.kubelet;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.OrdinalProperties;
import dev.ordinal.controller.runtime.EventRecorder;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.BootObjects;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * The kubelets' side of the Node objects: at start each simulated node registers (if missing) and
 * reports its status, as {@code kubelet_node_status.go} does; then the status is reported again
 * every {@code status-report-interval} and the node's Lease in kube-node-lease renewed every
 * {@code lease-renew-interval}, as the node lease controller does. Nodes a user created are left
 * alone, and so is a simulated node a user deleted, until the next start or reset. Each start records the
 * kubelet's events about its node: Starting and NodeAllocatableEnforced, and when the node
 * registers, the conditions it registers with (NodeHasSufficientMemory, NodeHasNoDiskPressure,
 * NodeHasSufficientPID, NodeReady).
 */
@Component
class SimulatedNodes implements ApplicationRunner, BootObjects {

    private static final Logger log = LoggerFactory.getLogger(SimulatedNodes.class);
    private static final String LEASE_NAMESPACE = "kube-node-lease";
    /** Upstream's default nodeLeaseDurationSeconds. */
    private static final int LEASE_DURATION_SECONDS = 40;
    private static final String COMPONENT = "kubelet";
    private static final List<String> REGISTERED_CONDITIONS =
            List.of("NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID");
    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX").withZone(ZoneOffset.UTC);

    private final GenericRegistry registry;
    private final ResourceDefinition nodes;
    private final ResourceDefinition leases;
    private final NodeProperties properties;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final List<SimulatedNode> simulated;
    private final EventRecorder events;

    SimulatedNodes(GenericRegistry registry, ResourceRegistry resources, NodeProperties properties,
                   KubeletProperties kubelet, OrdinalProperties ordinal, TaskScheduler scheduler,
                   EventRecorder events) {
        this.registry = registry;
        this.events = events;
        this.nodes = resources.byResource("", "v1", "nodes").orElseThrow();
        this.leases = resources.byResource("coordination.k8s.io", "v1", "leases").orElseThrow();
        this.properties = properties;
        this.scheduler = scheduler;
        this.clock = registry.clock();
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
    }

    @Override
    public void run(ApplicationArguments args) {
        create();
        scheduler.scheduleAtFixedRate(this::reportStatuses, clock.instant().plus(properties.statusReportInterval()),
                properties.statusReportInterval());
        scheduler.scheduleAtFixedRate(this::renewLeases, clock.instant().plus(properties.leaseRenewInterval()),
                properties.leaseRenewInterval());
    }

    /** The kubelets start, and after a reset start again: their nodes register, report and take leases. */
    @Override
    public void create() {
        simulated.forEach(this::start);
        reportStatuses();
        renewLeases();
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

    private void reportStatuses() {
        for (SimulatedNode node : simulated) {
            try {
                registry.patch(nodes, "", node.name(), current -> {
                    current.json().set("status", node.status(current.json().path("status"), registry.now()));
                    return current;
                }, Subresource.STATUS, WriteOptions.defaults());
            } catch (StatusError e) {
                log.debug("node {}: status not reported: {}", node.name(), e.getMessage());
            }
        }
    }

    private void renewLeases() {
        for (SimulatedNode node : simulated) {
            try {
                renewLease(node);
            } catch (StatusError e) {
                log.debug("node {}: lease not renewed: {}", node.name(), e.getMessage());
            }
        }
    }

    private void renewLease(SimulatedNode node) {
        String renewTime = MICRO_TIME.format(clock.instant());
        if (registry.find(leases, LEASE_NAMESPACE, node.name()).isPresent()) {
            registry.patch(leases, LEASE_NAMESPACE, node.name(), lease -> {
                lease.json().withObject("spec").put("renewTime", renewTime);
                return lease;
            }, null, WriteOptions.defaults());
            return;
        }
        Unstructured owner = registry.find(nodes, "", node.name()).orElse(null);
        if (owner == null) {
            return;
        }
        ObjectNode lease = JsonNodeFactory.instance.objectNode();
        ObjectNode metadata = lease.putObject("metadata");
        metadata.put("name", node.name());
        metadata.putArray("ownerReferences").addObject()
                .put("apiVersion", "v1")
                .put("kind", "Node")
                .put("name", node.name())
                .put("uid", owner.uid());
        lease.putObject("spec")
                .put("holderIdentity", node.name())
                .put("leaseDurationSeconds", LEASE_DURATION_SECONDS)
                .put("renewTime", renewTime);
        registry.create(leases, LEASE_NAMESPACE, new Unstructured(lease), WriteOptions.defaults());
    }
}
