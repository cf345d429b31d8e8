package dev.ordinal.api;

import java.time.Duration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ordinal.machinery.SimulatedClock;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.go.GoDuration;

/**
 * {@code /ordinal/v1/clock}: hold, step, resume or speed up the clock everything the simulation
 * schedules runs on ({@link SimulatedClock}). Not part of the Kubernetes API: its own path,
 * documented in Swagger UI.
 */
@RestController
@RequestMapping(path = "/ordinal/v1", produces = "application/json")
@Tag(name = "Simulation", description = "Reset the cluster and drive the simulated clock")
class ClockHandler {

    private static final String CLOCK_EXAMPLE = """
            {"now":"2026-12-07T19:20:00.250Z","paused":true,"speed":1.0}""";

    private final SimulatedClock clock;

    ClockHandler(SimulatedClock clock) {
        this.clock = clock;
    }

    @GetMapping("/clock")
    @Operation(summary = "Read the simulated clock",
            description = "The time the cluster is at, whether its clock is paused, and its speed.")
    @ApiResponse(responseCode = "200", description = "The clock", content = @Content(
            schema = @Schema(implementation = ClockAnswer.class), examples = @ExampleObject(value = CLOCK_EXAMPLE)))
    ClockAnswer clock() {
        return answer(clock.state());
    }

    @PostMapping("/clock/pause")
    @Operation(summary = "Pause the simulated clock",
            description = """
                    Nothing the simulation schedules falls due while the clock is paused: pods stay where \
                    they are in their lifecycle, back-offs, grace periods and minReadySeconds wait. The API \
                    still answers and writes, and what happens at once (scheduling, a StatefulSet creating \
                    its next pod) still happens.""")
    @ApiResponse(responseCode = "200", description = "The clock, paused", content = @Content(
            schema = @Schema(implementation = ClockAnswer.class), examples = @ExampleObject(value = CLOCK_EXAMPLE)))
    ClockAnswer pause() {
        return answer(clock.pause());
    }

    @PostMapping("/clock/resume")
    @Operation(summary = "Resume the simulated clock", description = "The clock moves on at its speed from where it stands.")
    @ApiResponse(responseCode = "200", description = "The clock, running", content = @Content(
            schema = @Schema(implementation = ClockAnswer.class)))
    ClockAnswer resume() {
        return answer(clock.resume());
    }

    @PostMapping("/clock/step")
    @Operation(summary = "Move the simulated clock forward",
            description = """
                    Moves the clock forward at once, paused or running; what falls due in the step \
                    happens (in order of its due time, each as the controllers get to it).""")
    @ApiResponse(responseCode = "200", description = "The clock, moved", content = @Content(
            schema = @Schema(implementation = ClockAnswer.class)))
    ClockAnswer step(@Parameter(description = "How far, as a Go duration", example = "1s")
                     @RequestParam("by") String by) {
        Duration duration = duration(by);
        if (duration.isNegative()) {
            throw StatusError.badRequest("the clock only moves forward: by must not be negative, got \"" + by + "\"");
        }
        return answer(clock.step(duration));
    }

    @PostMapping("/clock/speed")
    @Operation(summary = "Set the speed of the simulated clock",
            description = "Simulated seconds per wall second: 10 makes a pod's 1s start delay take 100ms.")
    @ApiResponse(responseCode = "200", description = "The clock at its new speed", content = @Content(
            schema = @Schema(implementation = ClockAnswer.class)))
    ClockAnswer speed(@Parameter(description = "Simulated seconds per wall second, greater than 0", example = "10")
                      @RequestParam("factor") double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw StatusError.badRequest("factor must be a positive number, got " + factor);
        }
        return answer(clock.speed(factor));
    }

    private static Duration duration(String text) {
        try {
            return GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw StatusError.badRequest(e.getMessage());
        }
    }

    private static ClockAnswer answer(SimulatedClock.State state) {
        return new ClockAnswer(state.now().toString(), state.paused(), state.speed());
    }

    @Schema(description = "The simulated clock")
    record ClockAnswer(
            @Schema(description = "The time the cluster is at, RFC 3339", example = "2026-12-07T19:20:00.250Z")
            String now,
            @Schema(description = "Whether the clock is paused") boolean paused,
            @Schema(description = "Simulated seconds per wall second", example = "1.0") double speed) {
    }
}
