package dev.ordinal.kubelet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.JsonFields;
import dev.ordinal.machinery.Timestamps;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.go.GoDuration;
import dev.ordinal.registry.GenericRegistry;

/**
 * The simulated kubelet's decisions: given a pod bound to a node and the time, the status it gets
 * next and when to look again. A pod is created (Pending, ContainerCreating, with its hostIP),
 * started after the start delay (Running, with its podIP; init containers Completed), its
 * containers become ready after the ready delay or a readiness probe's initialDelaySeconds, and a
 * deleted pod's containers stop after the stop delay, at most its grace period, leaving the pod
 * Succeeded or Failed for the kubelet to finish the deletion. Each step makes one transition per
 * container, so every state a real kubelet would report is written once.
 *
 * <p>Delays count from precise moments the caller remembers ({@link Moments}); after a restart
 * they count from the status's timestamps, which have whole seconds.
 */
final class PodLifecycle {

    /** Upstream's crash-loop back-off: the first restart at once, then 10s doubling to 5 minutes. */
    static final Duration INITIAL_BACKOFF = Duration.ofSeconds(10);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    static final String PENDING = "pending";
    static final String CONFIG_ERROR = "CreateContainerConfigError";
    static final String DELETING = "deleting";

    /** When things happened, for pacing. */
    @FunctionalInterface
    interface Moments {
        /** When {@code mark} happened: precisely if remembered, else {@code recorded} (from the status). */
        Instant at(String mark, Instant recorded);
    }

    /**
     * What keeps the kubelet from setting a pod up: a volume it cannot mount (the FailedMount
     * message), a container whose configuration it cannot make (the CreateContainerConfigError
     * message). The kubelet looks again when the objects they need change.
     */
    interface Preconditions {
        Optional<String> mountFailure(Unstructured pod);

        Optional<String> configError(Unstructured pod, JsonNode container);
    }

    /**
     * What to do: write {@code status} (null for nothing), look again at {@code due} (null for
     * never), finish the pod's deletion, remember {@code marks} as happening now, and tell why the
     * pod's volumes cannot be mounted ({@code failedMount}, null when they can).
     */
    record Step(ObjectNode status, Instant due, boolean finishDeletion, List<String> marks, String failedMount) {
        static final Step IDLE = new Step(null, null, false, List.of(), null);
        static final Step FINISH = new Step(null, null, true, List.of(), null);

        static Step waitUntil(Instant due, String... marks) {
            return new Step(null, due, false, List.of(marks), null);
        }

        static Step failedMount(String message) {
            return new Step(null, null, false, List.of(), message);
        }
    }

    /** The container runtime as the kubelet asks it about main processes. */
    @FunctionalInterface
    interface MainProcesses {
        /** The exit code of instance {@code containerId}'s main process once it has exited; empty while it runs. */
        OptionalInt exitCode(String containerId);
    }

    private final KubeletProperties defaults;
    private final MainProcesses processes;

    PodLifecycle(KubeletProperties defaults, MainProcesses processes) {
        this.defaults = defaults;
        this.processes = processes;
    }

    static String started(String container, int restartCount) {
        return "started/" + container + "/" + restartCount;
    }

    static String exited(String container, int restartCount) {
        return "exited/" + container + "/" + restartCount;
    }

    /** The crash-loop back-off before restart {@code restartCount + 1}. */
    static Duration backoff(int restartCount) {
        if (restartCount == 0) {
            return Duration.ZERO;
        }
        // Past 6 restarts the doubling is beyond the cap anyway; stop before the shift overflows.
        return restartCount > 6 ? MAX_BACKOFF
                : min(INITIAL_BACKOFF.multipliedBy(1L << (restartCount - 1)), MAX_BACKOFF);
    }

    /**
     * The next step for {@code pod} on a node at {@code hostIp}; {@code podIp} is asked only when
     * the pod's sandbox starts.
     */
    Step next(Unstructured pod, String hostIp, Supplier<String> podIp, Instant now, Moments moments,
              Preconditions preconditions) {
        JsonNode status = pod.json().path("status");
        String phase = status.path("phase").asString("");
        PodOverrides overrides = PodOverrides.of(pod.annotations(), defaults);
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            return pod.isBeingDeleted() ? finish(pod) : Step.IDLE;
        }
        boolean started = status.hasNonNull("podIP");
        if (pod.isBeingDeleted()) {
            return started ? stop(pod, now, moments, overrides) : finish(pod);
        }
        if (!status.hasNonNull("startTime")) {
            return create(pod, hostIp, now, overrides);
        }
        if (!started) {
            Instant due = moments.at(PENDING, instant(status.get("startTime"), now)).plus(overrides.startDelay());
            if (now.isBefore(due)) {
                return Step.waitUntil(due);
            }
            // The kubelet's volume manager mounts every volume before the sandbox starts.
            Optional<String> failedMount = preconditions.mountFailure(pod);
            return failedMount.isPresent() ? Step.failedMount(failedMount.get())
                    : start(pod, podIp.get(), now, moments, overrides, preconditions);
        }
        return run(pod, now, moments, overrides, preconditions);
    }

    /** The kubelet's first status: Pending, the containers being created. */
    private Step create(Unstructured pod, String hostIp, Instant now, PodOverrides overrides) {
        JsonNode spec = pod.json().path("spec");
        String reason = spec.path("initContainers").isEmpty() ? "ContainerCreating" : "PodInitializing";
        List<ObjectNode> init = new ArrayList<>();
        spec.path("initContainers").forEach(c -> init.add(ContainerStatuses.waiting(c, reason)));
        List<ObjectNode> containers = new ArrayList<>();
        spec.path("containers").forEach(c -> containers.add(ContainerStatuses.waiting(c, reason)));
        String stamp = Timestamps.format(now);
        ObjectNode status = PodStatusGenerator.generate(pod.json(),
                new PodStatusGenerator.Observed("Pending", false, hostIp, "", stamp, init, containers), stamp);
        return new Step(status, now.plus(overrides.startDelay()), false, List.of(PENDING), null);
    }

    /** The sandbox is up with the pod's IP: init containers have completed, the containers run. */
    private Step start(Unstructured pod, String podIp, Instant now, Moments moments, PodOverrides overrides,
                       Preconditions preconditions) {
        JsonNode spec = pod.json().path("spec");
        JsonNode status = pod.json().path("status");
        String stamp = Timestamps.format(now);
        String initStarted = Timestamps.format(moments.at(PENDING, instant(status.get("startTime"), now)));
        Pacing pacing = new Pacing();
        List<ObjectNode> init = new ArrayList<>();
        for (JsonNode container : spec.path("initContainers")) {
            if (PodStatusGenerator.isSidecar(container)) {
                init.add(startContainer(pod, container, 0, null, now, pacing, overrides, false));
            } else {
                init.add(ContainerStatuses.terminated(container, pod.uid(), 0, 0, "Completed", initStarted, stamp,
                        null, true));
            }
        }
        List<ObjectNode> containers = new ArrayList<>();
        for (JsonNode container : spec.path("containers")) {
            Optional<String> configError = preconditions.configError(pod, container);
            containers.add(configError.isPresent() ? ContainerStatuses.waiting(container, CONFIG_ERROR, configError.get())
                    : startContainer(pod, container, 0, null, now, pacing, overrides, true));
        }
        return pacing.step(observe(pod, phase(spec, containers), true, podIp, init, containers, stamp));
    }

    /** A running pod: each container moves one step on (ready, exits, backs off, restarts). */
    private Step run(Unstructured pod, Instant now, Moments moments, PodOverrides overrides,
                     Preconditions preconditions) {
        JsonNode spec = pod.json().path("spec");
        JsonNode status = pod.json().path("status");
        Pacing pacing = new Pacing();
        List<ObjectNode> init = new ArrayList<>();
        for (JsonNode container : spec.path("initContainers")) {
            ObjectNode current = find(status.path("initContainerStatuses"), container);
            init.add(PodStatusGenerator.isSidecar(container) && current != null
                    ? advance(pod, container, current, now, moments, pacing, overrides, false) : current);
        }
        List<ObjectNode> containers = new ArrayList<>();
        for (JsonNode container : spec.path("containers")) {
            ObjectNode current = find(status.path("containerStatuses"), container);
            if (current != null && isConfigError(current)) {
                // The kubelet tries again to make the container's configuration.
                Optional<String> configError = preconditions.configError(pod, container);
                containers.add(configError.isPresent()
                        ? ContainerStatuses.waiting(container, CONFIG_ERROR, configError.get())
                        : startContainer(pod, container, current.path("restartCount").asInt(0), null, now, pacing,
                                overrides, true));
                continue;
            }
            containers.add(current == null ? ContainerStatuses.waiting(container, "ContainerCreating")
                    : advance(pod, container, current, now, moments, pacing, overrides, true));
        }
        init.removeIf(Objects::isNull);
        boolean failed = overrides.fail() && containers.stream().anyMatch(c -> c.path("state").has("terminated"));
        String phase = failed ? "Failed" : phase(spec, containers);
        boolean terminal = phase.equals("Succeeded") || phase.equals("Failed");
        ObjectNode next = observe(pod, phase, !terminal, status.path("podIP").asString(""), init, containers,
                Timestamps.format(now));
        if (!spec.path("ephemeralContainers").isEmpty()) {
            next.set("ephemeralContainerStatuses", ephemeral(pod, terminal, now, pacing));
        }
        return pacing.step(next.equals(status) ? null : next);
    }

    /**
     * The ephemeral containers, as the kubelet's pod worker starts them in a running pod: each
     * started once it is in the spec, never ready, and never restarted when its main process ends.
     */
    private ArrayNode ephemeral(Unstructured pod, boolean terminal, Instant now, Pacing pacing) {
        JsonNode status = pod.json().path("status");
        String stamp = Timestamps.format(now);
        ArrayNode statuses = JsonNodeFactory.instance.arrayNode();
        for (JsonNode container : pod.json().path("spec").path("ephemeralContainers")) {
            String name = container.path("name").asString("");
            ObjectNode current = find(status.path("ephemeralContainerStatuses"), container);
            if (current == null) {
                if (!terminal) {
                    pacing.mark(started(name, 0));
                    statuses.add(ContainerStatuses.running(container, pod.uid(), 0, stamp, null, false, false));
                }
                continue;
            }
            JsonNode running = current.path("state").path("running");
            OptionalInt exit = running.isMissingNode() ? OptionalInt.empty()
                    : processes.exitCode(current.path("containerID").asString(""));
            if (exit.isPresent()) {
                int code = exit.getAsInt();
                current = ContainerStatuses.terminated(container, pod.uid(), 0, code, code == 0 ? "Completed" : "Error",
                        running.path("startedAt").asString(""), stamp, null, false);
            }
            statuses.add(current);
        }
        return statuses;
    }

    /** A deleted pod: its containers stop after the stop delay, at most the grace period. */
    private Step stop(Unstructured pod, Instant now, Moments moments, PodOverrides overrides) {
        long grace = pod.metadata().path("deletionGracePeriodSeconds").asLong(0);
        Instant requested = instant(pod.metadata().get("deletionTimestamp"), now).minusSeconds(grace);
        Instant stopAt = moments.at(DELETING, requested).plus(min(overrides.stopDelay(), Duration.ofSeconds(grace)));
        if (now.isBefore(stopAt)) {
            return Step.waitUntil(stopAt, DELETING);
        }
        JsonNode spec = pod.json().path("spec");
        JsonNode status = pod.json().path("status");
        String stamp = Timestamps.format(now);
        List<ObjectNode> init = new ArrayList<>();
        for (JsonNode container : spec.path("initContainers")) {
            ObjectNode current = find(status.path("initContainerStatuses"), container);
            if (current != null) {
                init.add(PodStatusGenerator.isSidecar(container) ? kill(pod, container, current, stamp) : current);
            }
        }
        List<ObjectNode> containers = new ArrayList<>();
        boolean succeeded = true;
        for (JsonNode container : spec.path("containers")) {
            ObjectNode current = find(status.path("containerStatuses"), container);
            if (current == null) {
                continue;
            }
            ObjectNode stopped = kill(pod, container, current, stamp);
            containers.add(stopped);
            JsonNode exit = stopped.path("state").has("terminated") ? stopped.path("state").path("terminated")
                    : stopped.path("lastState").path("terminated");
            succeeded &= exit.path("exitCode").asInt(0) == 0;
        }
        // A pod stopped for its deletion is terminal: Succeeded when every container exited 0.
        String phase = succeeded ? "Succeeded" : "Failed";
        ObjectNode next = observe(pod, phase, false, status.path("podIP").asString(""), init, containers, stamp);
        return new Step(next, null, false, List.of(), null);
    }

    private Step finish(Unstructured pod) {
        return pod.finalizers().isEmpty() ? Step.FINISH : Step.IDLE;
    }

    private ObjectNode advance(Unstructured pod, JsonNode container, ObjectNode current, Instant now, Moments moments,
                               Pacing pacing, PodOverrides overrides, boolean regular) {
        String name = container.path("name").asString("");
        int restarts = current.path("restartCount").asInt(0);
        JsonNode state = current.path("state");
        String stamp = Timestamps.format(now);
        if (state.has("running")) {
            String startedAt = state.path("running").path("startedAt").asString("");
            Instant since = moments.at(started(name, restarts), instant(state.path("running").get("startedAt"), now));
            OptionalInt exit = processes.exitCode(current.path("containerID").asString(""));
            if (exit.isPresent()) {
                // The main process ended, and the container with it: the kubelet's PLEG sees it exited.
                pacing.mark(exited(name, restarts));
                int code = exit.getAsInt();
                return ContainerStatuses.terminated(container, pod.uid(), restarts, code,
                        code == 0 ? "Completed" : "Error", startedAt, stamp, current.path("lastState"), false);
            }
            if (regular && (overrides.crashLoop() || overrides.fail())) {
                Instant exitAt = since.plus(overrides.readyDelay());
                if (!now.isBefore(exitAt)) {
                    pacing.mark(exited(name, restarts));
                    return ContainerStatuses.terminated(container, pod.uid(), restarts, 1, "Error", startedAt, stamp,
                            current.path("lastState"), false);
                }
                pacing.due(exitAt);
            }
            Readiness readiness = readiness(container, since, now, overrides, regular);
            readiness.due().forEach(pacing::due);
            return ContainerStatuses.running(container, pod.uid(), restarts, startedAt, current.path("lastState"),
                    readiness.ready(), readiness.started());
        }
        JsonNode terminated = state.path("terminated");
        if (!terminated.isMissingNode() && !overrides.fail() && restarts(pod, terminated)) {
            if (restarts == 0) {
                return startContainer(pod, container, 1, lastState(terminated), now, pacing, overrides, regular);
            }
            Instant exitedAt = moments.at(exited(name, restarts), instant(terminated.get("finishedAt"), now));
            pacing.due(exitedAt.plus(backoff(restarts)));
            return ContainerStatuses.backingOff(container, restarts, terminated, backoffMessage(pod, name, restarts));
        }
        if (state.path("waiting").path("reason").asString("").equals("CrashLoopBackOff")) {
            JsonNode last = current.path("lastState").path("terminated");
            Instant restartAt = moments.at(exited(name, restarts), instant(last.get("finishedAt"), now))
                    .plus(backoff(restarts));
            if (!now.isBefore(restartAt)) {
                return startContainer(pod, container, restarts + 1, lastState(last), now, pacing, overrides, regular);
            }
            pacing.due(restartAt);
        }
        return current;
    }

    private ObjectNode startContainer(Unstructured pod, JsonNode container, int restartCount, JsonNode lastState,
                                      Instant now, Pacing pacing, PodOverrides overrides, boolean regular) {
        String name = container.path("name").asString("");
        pacing.mark(started(name, restartCount));
        if (regular && (overrides.crashLoop() || overrides.fail())) {
            pacing.due(now.plus(overrides.readyDelay()));
        }
        Readiness readiness = readiness(container, now, now, overrides, regular);
        readiness.due().forEach(pacing::due);
        return ContainerStatuses.running(container, pod.uid(), restartCount, Timestamps.format(now), lastState,
                readiness.ready(), readiness.started());
    }

    private static boolean isConfigError(JsonNode status) {
        return status.path("state").path("waiting").path("reason").asString("").equals(CONFIG_ERROR);
    }

    /** A container killed for the pod's deletion; one not running keeps its state. */
    private static ObjectNode kill(Unstructured pod, JsonNode container, ObjectNode current, String stamp) {
        JsonNode running = current.path("state").path("running");
        if (running.isMissingNode()) {
            ObjectNode stopped = current.deepCopy();
            stopped.put("ready", false);
            stopped.put("started", false);
            return stopped;
        }
        return ContainerStatuses.terminated(container, pod.uid(), current.path("restartCount").asInt(0), 0, "Completed",
                running.path("startedAt").asString(""), stamp, current.path("lastState"), false);
    }

    /** When a started container is started (startup probe) and ready (ready delay, readiness probe). */
    private static Readiness readiness(JsonNode container, Instant since, Instant now, PodOverrides overrides,
                                       boolean regular) {
        Instant startedAt = since.plusSeconds(container.path("startupProbe").path("initialDelaySeconds").asLong(0));
        Duration probeDelay =
                Duration.ofSeconds(container.path("readinessProbe").path("initialDelaySeconds").asLong(0));
        Instant readyAt = max(since.plus(max(overrides.readyDelay(), probeDelay)), startedAt);
        boolean started = !now.isBefore(startedAt);
        boolean canBeReady = !overrides.neverReady() && !(regular && (overrides.crashLoop() || overrides.fail()));
        boolean ready = canBeReady && !now.isBefore(readyAt);
        List<Instant> due = new ArrayList<>();
        if (!started) {
            due.add(startedAt);
        }
        if (canBeReady && !ready) {
            due.add(readyAt);
        }
        return new Readiness(started, ready, due);
    }

    private record Readiness(boolean started, boolean ready, List<Instant> due) {
    }

    /** Whether the restart policy restarts a container that exited so. */
    private static boolean restarts(Unstructured pod, JsonNode terminated) {
        return switch (pod.json().path("spec").path("restartPolicy").asString("Always")) {
            case "Never" -> false;
            case "OnFailure" -> terminated.path("exitCode").asInt(0) != 0;
            default -> true;
        };
    }

    /** The kubelet's getPhase for running containers, as the restart policy reads them. */
    private static String phase(JsonNode spec, List<ObjectNode> containers) {
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        for (ObjectNode status : containers) {
            JsonNode state = status.path("state");
            JsonNode exit = state.has("terminated") ? state.path("terminated")
                    : status.path("lastState").path("terminated");
            if (state.has("running")) {
                running++;
            } else if (!exit.isMissingNode()) {
                stopped++;
                succeeded += exit.path("exitCode").asInt(0) == 0 ? 1 : 0;
            } else {
                waiting++;
            }
        }
        if (waiting > 0) {
            return "Pending";
        }
        if (running > 0) {
            return "Running";
        }
        String policy = spec.path("restartPolicy").asString("Always");
        if (stopped == 0 || policy.equals("Always")) {
            return stopped == 0 ? "Pending" : "Running";
        }
        if (stopped == succeeded) {
            return "Succeeded";
        }
        return policy.equals("Never") ? "Failed" : "Running";
    }

    private static ObjectNode observe(Unstructured pod, String phase, boolean sandboxReady, String podIp,
                                      List<ObjectNode> init, List<ObjectNode> containers, String now) {
        JsonNode status = pod.json().path("status");
        return PodStatusGenerator.generate(pod.json(), new PodStatusGenerator.Observed(phase, sandboxReady,
                status.path("hostIP").asString(""), podIp, status.path("startTime").asString(""), init, containers),
                now);
    }

    private static String backoffMessage(Unstructured pod, String container, int restartCount) {
        return "back-off " + GoDuration.format(backoff(restartCount)) + " restarting failed container=" + container
                + " pod=" + pod.name() + "_" + pod.namespace() + "(" + pod.uid() + ")";
    }

    private static JsonNode lastState(JsonNode termination) {
        ObjectNode lastState = JsonNodeFactory.instance.objectNode();
        lastState.set("terminated", termination.deepCopy());
        return lastState;
    }

    private static ObjectNode find(JsonNode statuses, JsonNode container) {
        String name = container.path("name").asString("");
        for (JsonNode status : statuses) {
            if (status.path("name").asString("").equals(name) && status instanceof ObjectNode object) {
                return object.deepCopy();
            }
        }
        return null;
    }

    private static Instant instant(JsonNode timestamp, Instant fallback) {
        return Objects.requireNonNullElse(JsonFields.time(timestamp), fallback);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Collects, while one step is computed, the earliest moment to look again and the marks made now. */
    private static final class Pacing {
        private final List<String> marks = new ArrayList<>();
        private Instant due;

        void due(Instant at) {
            if (due == null || at.isBefore(due)) {
                due = at;
            }
        }

        void mark(String mark) {
            marks.add(mark);
        }

        Step step(ObjectNode status) {
            return new Step(status, due, false, List.copyOf(marks), null);
        }
    }
}
