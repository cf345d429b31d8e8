package dev.ordinal.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.node.NodeFault;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * {@code /ordinal/v1/nodes/{name}/…}: break a node's simulated kubelet at run time, or mend it
 * ({@link NodeFault}). A fault is the node's {@code ordinal.dev/not-ready} or
 * {@code ordinal.dev/unreachable} annotation, which this API sets and removes, so a fault set
 * either way reads the same both ways and is persisted, watched and reset like the node.
 */
@RestController
@RequestMapping(path = "/ordinal/v1/nodes", produces = "application/json")
@Tag(name = "Simulation", description = "Reset the cluster and drive the simulated clock")
class NodeFaultHandler {

    private static final WriteOptions AS_ORDINAL = new WriteOptions(false, "ordinal", "");
    private static final String FAULT_EXAMPLE = """
            {"node":"ordinal-worker2","fault":"unreachable"}""";

    private final GenericRegistry registry;
    private final ResourceDefinition nodes;

    NodeFaultHandler(GenericRegistry registry, ResourceRegistry resources) {
        this.registry = registry;
        this.nodes = resources.byResource("", "v1", "nodes").orElseThrow();
    }

    @GetMapping("/{name}/fault")
    @Operation(summary = "Read a node's fault",
            description = "healthy, not-ready or unreachable, as the node's annotations say.")
    @ApiResponse(responseCode = "200", description = "The node's fault", content = @Content(
            schema = @Schema(implementation = FaultAnswer.class), examples = @ExampleObject(value = FAULT_EXAMPLE)))
    FaultAnswer fault(@Parameter(description = "The node", example = "ordinal-worker2") @PathVariable String name) {
        Unstructured node = registry.get(nodes, "", name);
        return new FaultAnswer(name, NodeFault.of(node.annotations()).faultName());
    }

    @PostMapping("/{name}/{fault}")
    @Operation(summary = "Break a node's kubelet, or mend it",
            description = """
                    not-ready: the kubelet keeps renewing the node's Lease but reports Ready=False \
                    (KubeletNotReady); the node lifecycle controller taints the node \
                    node.kubernetes.io/not-ready (NoSchedule, NoExecute). \
                    unreachable: the kubelet stops renewing the Lease, posting the node's status and \
                    updating its pods; after the node-monitor grace period (50s on the simulated clock) \
                    the node lifecycle controller sets its conditions Unknown, marks its pods not Ready and \
                    taints it node.kubernetes.io/unreachable (NoSchedule, NoExecute); pods that do not \
                    tolerate the taint are deleted after their tolerationSeconds (300 by default) and stay \
                    Terminating until force-deleted or the node is back. \
                    healthy: the kubelet reports again; the taints go and pending deletions finish. \
                    The same as setting or removing the node's ordinal.dev/not-ready or \
                    ordinal.dev/unreachable annotation.""")
    @ApiResponse(responseCode = "200", description = "The node's fault, now", content = @Content(
            schema = @Schema(implementation = FaultAnswer.class), examples = @ExampleObject(value = FAULT_EXAMPLE)))
    @ApiResponse(responseCode = "404", description = "No such node")
    FaultAnswer set(@Parameter(description = "The node", example = "ordinal-worker2") @PathVariable String name,
                    @Parameter(description = "healthy, not-ready or unreachable", example = "unreachable")
                    @PathVariable String fault) {
        NodeFault wanted = NodeFault.named(fault).orElseThrow(() -> StatusError.badRequest(
                "no such fault \"" + fault + "\": use healthy, not-ready or unreachable"));
        Unstructured node = registry.patch(nodes, "", name, current -> {
            ObjectNode annotations = current.metadata().withObject("annotations");
            for (NodeFault each : NodeFault.values()) {
                each.annotation().ifPresent(annotations::remove);
            }
            wanted.annotation().ifPresent(annotation -> annotations.put(annotation, "true"));
            if (annotations.isEmpty()) {
                current.metadata().remove("annotations");
            }
            return current;
        }, null, AS_ORDINAL);
        return new FaultAnswer(name, NodeFault.of(node.annotations()).faultName());
    }

    @Schema(description = "A node's fault")
    record FaultAnswer(
            @Schema(description = "The node", example = "ordinal-worker2") String node,
            @Schema(description = "healthy, not-ready or unreachable", example = "unreachable") String fault) {
    }
}
