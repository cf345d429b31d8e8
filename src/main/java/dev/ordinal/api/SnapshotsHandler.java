package dev.ordinal.api;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.ordinal.registry.ClusterSnapshots;

/**
 * {@code /ordinal/v1/snapshots}: the whole cluster kept under a name and put back later, for tests
 * that build a fixture once ({@link ClusterSnapshots}). Not part of the Kubernetes API: its own
 * path, documented in Swagger UI beside reset and the clock.
 */
@RestController
@RequestMapping(path = "/ordinal/v1/snapshots", produces = "application/json")
@Tag(name = "Simulation", description = "Reset the cluster and drive the simulated clock")
class SnapshotsHandler {

    private static final String SNAPSHOT_EXAMPLE = """
            {"name":"fixture","resourceVersion":"2071","takenAt":"2026-12-07T19:20:00.250Z","objects":57}""";

    private final ClusterSnapshots snapshots;

    SnapshotsHandler(ClusterSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Take a named snapshot of the cluster",
            description = """
                    Keeps a copy of every object as it stands under the name, in place of any snapshot of \
                    that name. Snapshots are kept in the store apart from the objects: a reset leaves them \
                    and a restart finds them again. Taking one writes no object.""")
    @ApiResponse(responseCode = "201", description = "The snapshot taken", content = @Content(
            schema = @Schema(implementation = SnapshotAnswer.class), examples = @ExampleObject(value = SNAPSHOT_EXAMPLE)))
    SnapshotAnswer take(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            examples = @ExampleObject(value = "{\"name\":\"fixture\"}"))) @RequestBody SnapshotRequest request) {
        return answer(snapshots.take(request.name()));
    }

    @GetMapping
    @Operation(summary = "List the named snapshots", description = "Every snapshot kept, by name.")
    @ApiResponse(responseCode = "200", description = "The snapshots", content = @Content(
            schema = @Schema(implementation = SnapshotList.class)))
    SnapshotList list() {
        return new SnapshotList(snapshots.list().stream().map(SnapshotsHandler::answer).toList());
    }

    @GetMapping("/{name}")
    @Operation(summary = "Read a named snapshot", description = "When it was taken, at which resourceVersion, and how many objects it holds.")
    @ApiResponse(responseCode = "200", description = "The snapshot", content = @Content(
            schema = @Schema(implementation = SnapshotAnswer.class), examples = @ExampleObject(value = SNAPSHOT_EXAMPLE)))
    SnapshotAnswer get(@Parameter(description = "The snapshot's name", example = "fixture") @PathVariable String name) {
        return answer(snapshots.get(name));
    }

    @PostMapping("/{name}/restore")
    @Operation(summary = "Restore a named snapshot",
            description = """
                    Puts the cluster back in the snapshot's state, without a restart, as a reset puts it in \
                    the boot state: in one write, every object removed and the snapshot's written again \
                    (with their uids, under new resourceVersions, which keep increasing). Every open watch \
                    ends with an ERROR event, 410 Expired, so clients and the controllers list again. The \
                    clock is left as it is; the snapshot is kept.""")
    @ApiResponse(responseCode = "200", description = "The cluster is in the snapshot's state", content = @Content(
            schema = @Schema(implementation = RestoreAnswer.class), examples = @ExampleObject(value = """
                    {"resourceVersion":"2310","removed":64,"restored":57,"milliseconds":48.2}""")))
    RestoreAnswer restore(@Parameter(description = "The snapshot's name", example = "fixture") @PathVariable String name) {
        ClusterSnapshots.Restored restored = snapshots.restore(name);
        return new RestoreAnswer(Long.toString(restored.resourceVersion()), restored.removed(), restored.restored(),
                restored.nanos() / 1_000_000.0);
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a named snapshot", description = "Forgets the snapshot; the cluster is left as it is.")
    @ApiResponse(responseCode = "204", description = "The snapshot is gone")
    void delete(@Parameter(description = "The snapshot's name", example = "fixture") @PathVariable String name) {
        snapshots.delete(name);
    }

    private static SnapshotAnswer answer(ClusterSnapshots.Snapshot snapshot) {
        return new SnapshotAnswer(snapshot.name(), Long.toString(snapshot.resourceVersion()),
                snapshot.takenAt().toString(), snapshot.objects());
    }

    @Schema(description = "A snapshot to take")
    record SnapshotRequest(@Schema(description = "Its name, a DNS subdomain", example = "fixture") String name) {
    }

    @Schema(description = "A named snapshot of the cluster")
    record SnapshotAnswer(
            @Schema(description = "Its name", example = "fixture") String name,
            @Schema(description = "The resourceVersion the cluster was at", example = "2071") String resourceVersion,
            @Schema(description = "The cluster's (simulated) time it was taken at, RFC 3339",
                    example = "2026-12-07T19:20:00.250Z") String takenAt,
            @Schema(description = "How many objects it holds", example = "57") long objects) {
    }

    @Schema(description = "The named snapshots")
    record SnapshotList(List<SnapshotAnswer> items) {
    }

    @Schema(description = "What a restore did")
    record RestoreAnswer(
            @Schema(description = "The resourceVersion the restore took; every earlier one is expired",
                    example = "2310") String resourceVersion,
            @Schema(description = "How many objects it removed", example = "64") long removed,
            @Schema(description = "How many objects of the snapshot it wrote", example = "57") long restored,
            @Schema(description = "How long it took, in milliseconds", example = "48.2") double milliseconds) {
    }
}
