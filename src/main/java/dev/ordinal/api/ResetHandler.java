package dev.ordinal.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ordinal.registry.ClusterReset;

/**
 * {@code POST /ordinal/v1/reset}: the cluster back in its boot state, for tests that use Ordinal
 * as a fixture. Not part of the Kubernetes API: its own path, documented in Swagger UI.
 */
@RestController
@RequestMapping(path = "/ordinal/v1", produces = "application/json")
@Tag(name = "Simulation", description = "Reset the cluster and drive the simulated clock")
class ResetHandler {

    private final ClusterReset reset;

    ResetHandler(ClusterReset reset) {
        this.reset = reset;
    }

    @PostMapping("/reset")
    @Operation(summary = "Reset the cluster to its boot state",
            description = """
                    Removes every object and creates again what a fresh start creates (the system \
                    namespaces, the simulated nodes and their leases, the default StorageClass), without a \
                    restart and persisted like any write. Every open watch ends with an ERROR event, 410 \
                    Expired, so clients and the controllers list again; resourceVersions keep increasing. \
                    The clock is left as it is.""")
    @ApiResponse(responseCode = "200", description = "The cluster is in its boot state",
            content = @Content(schema = @Schema(implementation = ResetAnswer.class), examples = @ExampleObject(
                    value = """
                            {"resourceVersion":"2072","removed":1029,"milliseconds":164.5}""")))
    ResetAnswer reset() {
        ClusterReset.Result result = reset.reset();
        return new ResetAnswer(Long.toString(result.resourceVersion()), result.removed(),
                result.nanos() / 1_000_000.0);
    }

    @Schema(description = "What a reset did")
    record ResetAnswer(
            @Schema(description = "The resourceVersion the reset took; every earlier one is expired",
                    example = "2072") String resourceVersion,
            @Schema(description = "How many objects it removed", example = "1029") long removed,
            @Schema(description = "How long it took, in milliseconds", example = "164.5") double milliseconds) {
    }
}
