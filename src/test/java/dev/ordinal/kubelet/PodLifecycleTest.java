package dev.ordinal.kubelet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.go.GoDuration;

import static org.assertj.core.api.Assertions.assertThat;

class PodLifecycleTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final String HOST_IP = "172.18.0.3";
    private static final String POD_IP = "10.244.1.7";
    private static final KubeletProperties ONE_SECOND = new KubeletProperties(Duration.ofSeconds(1),
            Duration.ofSeconds(1), Duration.ofSeconds(1), "10.244.0.0/16");

    /** Main processes that never exit by themselves. */
    private static final PodLifecycle.MainProcesses RUNNING = containerId -> OptionalInt.empty();

    /** The exit codes of main processes that ended, by container ID. */
    private final Map<String, Integer> exits = new HashMap<>();
    private final PodLifecycle lifecycle = new PodLifecycle(ONE_SECOND,
            containerId -> exits.containsKey(containerId) ? OptionalInt.of(exits.get(containerId)) : OptionalInt.empty());

    /** One pod on one node, moved along as the kubelet loop moves it: statuses written, moments remembered. */
    private final class Kubelet {
        final Unstructured pod;
        final Map<String, Instant> moments = new HashMap<>();
        final Missing missing = new Missing();
        int ipRequests;
        Instant now = T0;

        Kubelet(String podJson) {
            pod = pod(podJson);
        }

        PodLifecycle.Step at(Instant time) {
            now = time;
            PodLifecycle.Step step = lifecycle.next(pod, HOST_IP, () -> {
                ipRequests++;
                return POD_IP;
            }, now, (mark, recorded) -> moments.getOrDefault(mark, recorded), missing);
            if (step.status() != null) {
                pod.json().set("status", step.status());
            }
            step.marks().forEach(mark -> moments.putIfAbsent(mark, now));
            return step;
        }

        JsonNode status() {
            return pod.json().path("status");
        }

        JsonNode container() {
            return status().path("containerStatuses").get(0);
        }
    }

    @Test
    void aBoundPodIsFirstPendingWithItsContainersBeingCreated() {
        Kubelet kubelet = new Kubelet("{}");
        PodLifecycle.Step step = kubelet.at(T0);

        assertThat(step.due()).isEqualTo(T0.plusSeconds(1));
        assertThat(step.marks()).containsExactly(PodLifecycle.PENDING);
        assertThat(kubelet.ipRequests).isZero();
        JsonNode status = kubelet.status();
        assertThat(fields(status)).containsExactly("phase", "conditions", "hostIP", "hostIPs", "startTime",
                "containerStatuses", "qosClass");
        assertThat(status.path("phase").asString()).isEqualTo("Pending");
        assertThat(status.path("hostIP").asString()).isEqualTo(HOST_IP);
        assertThat(status.path("hostIPs").get(0).path("ip").asString()).isEqualTo(HOST_IP);
        assertThat(status.path("startTime").asString()).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(conditions(status)).containsExactly(
                "PodReadyToStartContainers=False", "Initialized=True",
                "Ready=False ContainersNotReady containers with unready status: [app]",
                "ContainersReady=False ContainersNotReady containers with unready status: [app]",
                "PodScheduled=True");
        assertThat(kubelet.container().toString()).isEqualTo("{\"name\":\"app\",\"state\":{\"waiting\":{\"reason\":"
                + "\"ContainerCreating\"}},\"lastState\":{},\"ready\":false,\"restartCount\":0,\"image\":\"nginx\","
                + "\"imageID\":\"\",\"started\":false}");
    }

    @Test
    void theMainProcessExitingEndsTheContainerAndNeverLeavesThePodFailed() {
        Kubelet kubelet = new Kubelet("""
                {"spec": {"restartPolicy": "Never"}}""");
        kubelet.at(T0);
        kubelet.at(T0.plusSeconds(1));
        exits.put(kubelet.container().path("containerID").asString(), 3);

        kubelet.at(T0.plusSeconds(2));
        assertThat(kubelet.status().path("phase").asString()).isEqualTo("Failed");
        JsonNode terminated = kubelet.container().path("state").path("terminated");
        assertThat(terminated.path("exitCode").asInt()).isEqualTo(3);
        assertThat(terminated.path("reason").asString()).isEqualTo("Error");
    }

    @Test
    void aMainProcessThatKeepsExitingIsRestartedWithBackOff() {
        Kubelet kubelet = new Kubelet("{}");
        kubelet.at(T0);
        kubelet.at(T0.plusSeconds(1));
        exits.put(kubelet.container().path("containerID").asString(), 1);
        kubelet.at(T0.plusSeconds(2));
        // The first restart is at once, as upstream's back-off has no entry yet.
        kubelet.at(T0.plusSeconds(2));
        assertThat(kubelet.container().path("restartCount").asInt()).isEqualTo(1);
        assertThat(kubelet.container().path("state").has("running")).isTrue();
        assertThat(kubelet.container().path("lastState").path("terminated").path("exitCode").asInt()).isEqualTo(1);

        exits.put(kubelet.container().path("containerID").asString(), 1);
        kubelet.at(T0.plusSeconds(3));
        PodLifecycle.Step backingOff = kubelet.at(T0.plusSeconds(3));
        assertThat(kubelet.container().path("state").path("waiting").path("reason").asString())
                .isEqualTo("CrashLoopBackOff");
        assertThat(backingOff.due()).isEqualTo(T0.plusSeconds(13));
        assertThat(kubelet.status().path("phase").asString()).isEqualTo("Running");
    }

    @Test
    void aPodWhoseVolumeCannotBeMountedStaysContainerCreatingUntilItCan() {
        Kubelet kubelet = new Kubelet("{}");
        kubelet.at(T0);
        kubelet.missing.mount = "MountVolume.SetUp failed for volume \"config\" : configmap \"settings\" not found";

        PodLifecycle.Step waiting = kubelet.at(T0.plusSeconds(5));
        assertThat(waiting.failedMount()).isEqualTo(kubelet.missing.mount);
        assertThat(waiting.status()).isNull();
        assertThat(waiting.due()).isNull();
        assertThat(kubelet.ipRequests).isZero();
        assertThat(kubelet.container().path("state").path("waiting").path("reason").asString())
                .isEqualTo("ContainerCreating");

        kubelet.missing.mount = null;
        PodLifecycle.Step started = kubelet.at(T0.plusSeconds(6));
        assertThat(started.failedMount()).isNull();
        assertThat(kubelet.status().path("phase").asString()).isEqualTo("Running");
        assertThat(kubelet.container().path("state").has("running")).isTrue();
    }

    @Test
    void aContainerWhoseConfigurationCannotBeMadeWaitsWithCreateContainerConfigError() {
        Kubelet kubelet = new Kubelet("{}");
        kubelet.at(T0);
        kubelet.missing.config = "configmap \"settings\" not found";

        kubelet.at(T0.plusSeconds(1));
        assertThat(kubelet.status().path("phase").asString()).isEqualTo("Pending");
        assertThat(kubelet.status().path("podIP").asString()).isEqualTo(POD_IP);
        assertThat(kubelet.container().path("state").path("waiting").toString())
                .isEqualTo("{\"reason\":\"CreateContainerConfigError\",\"message\":\"configmap \\\"settings\\\" not found\"}");
        assertThat(kubelet.at(T0.plusSeconds(2)).status()).isNull();

        kubelet.missing.config = null;
        kubelet.at(T0.plusSeconds(3));
        assertThat(kubelet.status().path("phase").asString()).isEqualTo("Running");
        assertThat(kubelet.container().path("state").path("running").path("startedAt").asString())
                .isEqualTo("2025-03-01T10:00:03Z");
    }

    @Test
    void theSchedulersConditionKeepsItsTransitionTime() {
        Kubelet kubelet = new Kubelet("""
                {"status": {"conditions": [{"type": "PodScheduled", "status": "True", "lastProbeTime": null,
                                            "lastTransitionTime": "2025-03-01T09:59:59Z"}]}}""");
        kubelet.at(T0);

        JsonNode scheduled = condition(kubelet.status(), "PodScheduled");
        assertThat(scheduled.path("lastTransitionTime").asString()).isEqualTo("2025-03-01T09:59:59Z");
        assertThat(scheduled.get("lastProbeTime").isNull()).isTrue();
    }

    @Test
    void theContainersStartAfterTheStartDelayAndAreReadyAfterTheReadyDelay() {
        Kubelet kubelet = new Kubelet("{}");
        kubelet.at(T0);

        PodLifecycle.Step early = kubelet.at(T0.plusMillis(500));
        assertThat(early.status()).isNull();
        assertThat(early.due()).isEqualTo(T0.plusSeconds(1));

        PodLifecycle.Step started = kubelet.at(T0.plusSeconds(1));
        assertThat(started.due()).isEqualTo(T0.plusSeconds(2));
        assertThat(started.marks()).containsExactly(PodLifecycle.started("app", 0));
        assertThat(kubelet.ipRequests).isEqualTo(1);
        JsonNode status = kubelet.status();
        assertThat(status.path("phase").asString()).isEqualTo("Running");
        assertThat(status.path("podIP").asString()).isEqualTo(POD_IP);
        assertThat(status.path("podIPs").get(0).path("ip").asString()).isEqualTo(POD_IP);
        assertThat(status.path("startTime").asString()).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(conditions(status)).startsWith("PodReadyToStartContainers=True", "Initialized=True",
                "Ready=False ContainersNotReady containers with unready status: [app]");
        JsonNode container = kubelet.container();
        assertThat(container.path("state").path("running").path("startedAt").asString())
                .isEqualTo("2025-03-01T10:00:01Z");
        assertThat(container.path("ready").asBoolean()).isFalse();
        assertThat(container.path("started").asBoolean()).isTrue();
        assertThat(container.path("image").asString()).isEqualTo("docker.io/library/nginx:latest");
        assertThat(container.path("containerID").asString()).matches("containerd://[0-9a-f]{64}");

        PodLifecycle.Step ready = kubelet.at(T0.plusSeconds(2));
        assertThat(ready.due()).isNull();
        assertThat(conditions(kubelet.status())).containsExactly("PodReadyToStartContainers=True", "Initialized=True",
                "Ready=True", "ContainersReady=True", "PodScheduled=True");
        assertThat(condition(kubelet.status(), "Ready").path("lastTransitionTime").asString())
                .isEqualTo("2025-03-01T10:00:02Z");
        assertThat(condition(kubelet.status(), "Initialized").path("lastTransitionTime").asString())
                .isEqualTo("2025-03-01T10:00:00Z");

        assertThat(kubelet.at(T0.plusSeconds(60))).isEqualTo(PodLifecycle.Step.IDLE);
    }

    @Test
    void delaysCountFromTheRememberedMomentsNotTheTruncatedTimestamps() {
        Kubelet kubelet = new Kubelet("{}");
        kubelet.at(T0.plusMillis(900));

        assertThat(kubelet.status().path("startTime").asString()).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(kubelet.at(T0.plusMillis(1200)).due()).isEqualTo(T0.plusMillis(1900));
    }

    @Test
    void withoutRememberedMomentsDelaysCountFromTheStatusTimestamps() {
        Kubelet kubelet = new Kubelet("{}");
        kubelet.at(T0.plusMillis(900));
        kubelet.moments.clear();

        assertThat(kubelet.at(T0.plusMillis(1200)).status()).isNotNull();
    }

    @Test
    void annotationsOverrideTheDelays() {
        Kubelet kubelet = new Kubelet("""
                {"metadata": {"annotations": {"ordinal.dev/start-delay": "250ms",
                                              "ordinal.dev/ready-delay": "2s"}}}""");

        assertThat(kubelet.at(T0).due()).isEqualTo(T0.plusMillis(250));
        assertThat(kubelet.at(T0.plusMillis(250)).due()).isEqualTo(T0.plusMillis(2250));
    }

    @Test
    void aReadinessProbesInitialDelayWinsWhenLonger() {
        Kubelet kubelet = new Kubelet("""
                {"spec": {"containers": [{"name": "app", "image": "nginx",
                          "readinessProbe": {"initialDelaySeconds": 10, "httpGet": {"port": 80}}}]}}""");
        kubelet.at(T0);

        assertThat(kubelet.at(T0.plusSeconds(1)).due()).isEqualTo(T0.plusSeconds(11));
        kubelet.at(T0.plusSeconds(2));
        assertThat(kubelet.container().path("ready").asBoolean()).isFalse();
        kubelet.at(T0.plusSeconds(11));
        assertThat(kubelet.container().path("ready").asBoolean()).isTrue();
    }

    @Test
    void aStartupProbeHoldsStartedAndReady() {
        Kubelet kubelet = new Kubelet("""
                {"spec": {"containers": [{"name": "app", "image": "nginx",
                          "startupProbe": {"initialDelaySeconds": 5, "exec": {"command": ["true"]}}}]}}""");
        kubelet.at(T0);
        kubelet.at(T0.plusSeconds(1));
        kubelet.at(T0.plusSeconds(2));

        assertThat(kubelet.container().path("started").asBoolean()).isFalse();
        assertThat(kubelet.container().path("ready").asBoolean()).isFalse();
        kubelet.at(T0.plusSeconds(6));
        assertThat(kubelet.container().path("started").asBoolean()).isTrue();
        assertThat(kubelet.container().path("ready").asBoolean()).isTrue();
    }

    @Test
    void withZeroDelaysAPodIsReadyAsItStarts() {
        PodLifecycle quick = new PodLifecycle(new KubeletProperties(Duration.ZERO, Duration.ZERO, Duration.ZERO,
                "10.244.0.0/16"), RUNNING);
        Unstructured pod = pod("{}");
        PodLifecycle.Step created = quick.next(pod, HOST_IP, () -> POD_IP, T0, (m, r) -> r, Missing.NOTHING);
        pod.json().set("status", created.status());
        PodLifecycle.Step started = quick.next(pod, HOST_IP, () -> POD_IP, T0, (m, r) -> r, Missing.NOTHING);

        assertThat(started.due()).isNull();
        assertThat(conditions(started.status())).contains("Ready=True");
    }

    @Test
    void initContainersWaitWhilePendingAndHaveCompletedOnceThePodRuns() {
        Kubelet kubelet = new Kubelet("""
                {"spec": {"initContainers": [{"name": "setup", "image": "busybox:1.36"}],
                          "containers": [{"name": "app", "image": "nginx"}]}}""");
        kubelet.at(T0.plusMillis(100));

        assertThat(kubelet.status().path("initContainerStatuses").get(0).path("state").path("waiting")
                .path("reason").asString()).isEqualTo("PodInitializing");
        assertThat(kubelet.container().path("state").path("waiting").path("reason").asString())
                .isEqualTo("PodInitializing");
        assertThat(conditions(kubelet.status())).contains(
                "Initialized=False ContainersNotInitialized containers with incomplete status: [setup]");

        kubelet.at(T0.plusMillis(1100));
        JsonNode init = kubelet.status().path("initContainerStatuses").get(0);
        assertThat(init.path("state").toString()).isEqualTo("{\"terminated\":{\"exitCode\":0,\"reason\":\"Completed\","
                + "\"startedAt\":\"2025-03-01T10:00:00Z\",\"finishedAt\":\"2025-03-01T10:00:01Z\",\"containerID\":\""
                + init.path("containerID").asString() + "\"}}");
        assertThat(init.path("ready").asBoolean()).isTrue();
        assertThat(init.path("started").asBoolean()).isFalse();
        assertThat(init.path("image").asString()).isEqualTo("docker.io/library/busybox:1.36");
        assertThat(conditions(kubelet.status())).contains("Initialized=True");
    }

    @Test
    void aSidecarRunsAlongTheContainersAndCountsForReadiness() {
        Kubelet kubelet = new Kubelet("""
                {"spec": {"initContainers": [{"name": "proxy", "image": "envoy", "restartPolicy": "Always",
                                              "readinessProbe": {"initialDelaySeconds": 3, "tcpSocket": {"port": 1}}}],
                          "containers": [{"name": "app", "image": "nginx"}]}}""");
        kubelet.at(T0);
        kubelet.at(T0.plusSeconds(1));
        kubelet.at(T0.plusSeconds(2));

        JsonNode sidecar = kubelet.status().path("initContainerStatuses").get(0);
        assertThat(sidecar.path("state").has("running")).isTrue();
        assertThat(conditions(kubelet.status())).contains(
                "Ready=False ContainersNotReady containers with unready status: [proxy]");
        kubelet.at(T0.plusSeconds(4));
        assertThat(conditions(kubelet.status())).contains("Ready=True");
    }

    @Test
    void aNeverReadyPodRunsWithoutEverBecomingReady() {
        Kubelet kubelet = new Kubelet("{\"metadata\": {\"annotations\": {\"ordinal.dev/never-ready\": \"true\"}}}");
        kubelet.at(T0);
        PodLifecycle.Step started = kubelet.at(T0.plusSeconds(1));

        assertThat(started.due()).isNull();
        assertThat(kubelet.status().path("phase").asString()).isEqualTo("Running");
        assertThat(kubelet.container().path("ready").asBoolean()).isFalse();
        assertThat(kubelet.at(T0.plusSeconds(3600))).isEqualTo(PodLifecycle.Step.IDLE);
    }

    @Test
    void aFailingPodEndsFailedWhenItWouldHaveBecomeReady() {
        Kubelet kubelet = new Kubelet("{\"metadata\": {\"annotations\": {\"ordinal.dev/fail\": \"true\"}}}");
        kubelet.at(T0);
        assertThat(kubelet.at(T0.plusSeconds(1)).due()).isEqualTo(T0.plusSeconds(2));
        kubelet.at(T0.plusSeconds(2));

        JsonNode status = kubelet.status();
        assertThat(status.path("phase").asString()).isEqualTo("Failed");
        assertThat(kubelet.container().path("state").path("terminated").path("exitCode").asInt()).isEqualTo(1);
        assertThat(kubelet.container().path("state").path("terminated").path("reason").asString()).isEqualTo("Error");
        assertThat(conditions(status)).containsExactly("PodReadyToStartContainers=False", "Initialized=True",
                "Ready=False PodFailed", "ContainersReady=False PodFailed", "PodScheduled=True");
        assertThat(kubelet.at(T0.plusSeconds(600))).isEqualTo(PodLifecycle.Step.IDLE);
    }

    @Test
    void aCrashLoopRestartsAtOnceThenBacksOffDoublingToFiveMinutes() {
        Kubelet kubelet = new Kubelet("{\"metadata\": {\"annotations\": {\"ordinal.dev/crash-loop\": \"true\"}}}");
        kubelet.at(T0);
        kubelet.at(T0.plusSeconds(1));

        List<String> seen = new ArrayList<>();
        Instant until = T0.plus(Duration.ofMinutes(30));
        PodLifecycle.Step step = kubelet.at(T0.plusSeconds(2));
        while (kubelet.now.isBefore(until)) {
            JsonNode container = kubelet.container();
            JsonNode state = container.path("state");
            String name = state.has("running") ? "Running" : state.has("terminated") ? "Error"
                    : state.path("waiting").path("message").asString();
            seen.add(container.path("restartCount").asInt() + " " + name);
            assertThat(kubelet.status().path("phase").asString()).isEqualTo("Running");
            // As the loop does: a step due now follows the status just written.
            step = kubelet.at(step.due() == null ? kubelet.now : step.due());
        }

        String pod = "pod=web_default(0b0c0d0e-0000-4000-8000-000000000001)";
        assertThat(seen.subList(0, 12)).containsExactly(
                "0 Error",
                "1 Running",
                "1 Error",
                "1 back-off 10s restarting failed container=app " + pod,
                "2 Running",
                "2 Error",
                "2 back-off 20s restarting failed container=app " + pod,
                "3 Running",
                "3 Error",
                "3 back-off 40s restarting failed container=app " + pod,
                "4 Running",
                "4 Error");
        assertThat(seen).contains("5 back-off 2m40s restarting failed container=app " + pod,
                "6 back-off 5m0s restarting failed container=app " + pod,
                "7 back-off 5m0s restarting failed container=app " + pod);
        JsonNode last = kubelet.container().path("lastState").path("terminated");
        assertThat(last.path("exitCode").asInt()).isEqualTo(1);
        assertThat(last.path("reason").asString()).isEqualTo("Error");
    }

    @Test
    void theBackOffDoublesFromTenSecondsToFiveMinutesAfterAnImmediateFirstRestart() {
        assertThat(List.of(0, 1, 2, 3, 4, 5, 6, 7, 40).stream().map(PodLifecycle::backoff).map(GoDuration::format))
                .containsExactly("0s", "10s", "20s", "40s", "1m20s", "2m40s", "5m0s", "5m0s", "5m0s");
    }

    @Test
    void aCrashingContainerIsNotRestartedUnderRestartPolicyNever() {
        Kubelet kubelet = new Kubelet("""
                {"metadata": {"annotations": {"ordinal.dev/crash-loop": "true"}},
                 "spec": {"restartPolicy": "Never", "containers": [{"name": "app", "image": "nginx"}]}}""");
        kubelet.at(T0);
        kubelet.at(T0.plusSeconds(1));
        kubelet.at(T0.plusSeconds(2));

        assertThat(kubelet.status().path("phase").asString()).isEqualTo("Failed");
        assertThat(kubelet.at(T0.plusSeconds(100))).isEqualTo(PodLifecycle.Step.IDLE);
    }

    @Test
    void aDeletedPodsContainersStopAfterTheStopDelayAndThenItsDeletionFinishes() {
        Kubelet kubelet = new Kubelet("{}");
        kubelet.at(T0);
        kubelet.at(T0.plusSeconds(1));
        kubelet.at(T0.plusSeconds(2));
        delete(kubelet.pod, T0.plusSeconds(10), 30);

        PodLifecycle.Step terminating = kubelet.at(T0.plusSeconds(10));
        assertThat(terminating.status()).isNull();
        assertThat(terminating.due()).isEqualTo(T0.plusSeconds(11));
        assertThat(terminating.marks()).containsExactly(PodLifecycle.DELETING);

        PodLifecycle.Step stopped = kubelet.at(T0.plusSeconds(11));
        JsonNode status = kubelet.status();
        assertThat(stopped.finishDeletion()).isFalse();
        assertThat(status.path("phase").asString()).isEqualTo("Succeeded");
        assertThat(kubelet.container().path("state").path("terminated").path("reason").asString())
                .isEqualTo("Completed");
        assertThat(kubelet.container().path("state").path("terminated").path("finishedAt").asString())
                .isEqualTo("2025-03-01T10:00:11Z");
        assertThat(status.path("podIP").asString()).isEqualTo(POD_IP);
        assertThat(conditions(status)).containsExactly("PodReadyToStartContainers=False",
                "Initialized=True PodCompleted", "Ready=False PodCompleted", "ContainersReady=False PodCompleted",
                "PodScheduled=True");

        assertThat(kubelet.at(T0.plusSeconds(11))).isEqualTo(PodLifecycle.Step.FINISH);
    }

    @Test
    void theGracePeriodCapsTheStopDelay() {
        Kubelet kubelet = new Kubelet("{\"metadata\": {\"annotations\": {\"ordinal.dev/stop-delay\": \"1m\"}}}");
        kubelet.at(T0);
        kubelet.at(T0.plusSeconds(1));
        delete(kubelet.pod, T0.plusSeconds(5), 2);

        assertThat(kubelet.at(T0.plusSeconds(5)).due()).isEqualTo(T0.plusSeconds(7));
    }

    @Test
    void finalizersKeepAStoppedPod() {
        Kubelet kubelet = new Kubelet("{\"metadata\": {\"finalizers\": [\"example.com/hold\"]}}");
        kubelet.at(T0);
        kubelet.at(T0.plusSeconds(1));
        delete(kubelet.pod, T0.plusSeconds(5), 0);
        kubelet.at(T0.plusSeconds(5));

        assertThat(kubelet.status().path("phase").asString()).isEqualTo("Succeeded");
        assertThat(kubelet.at(T0.plusSeconds(5))).isEqualTo(PodLifecycle.Step.IDLE);
        kubelet.pod.metadata().remove("finalizers");
        assertThat(kubelet.at(T0.plusSeconds(6))).isEqualTo(PodLifecycle.Step.FINISH);
    }

    @Test
    void aPodDeletedBeforeItsContainersRanGoesAtOnce() {
        Kubelet kubelet = new Kubelet("{}");
        kubelet.at(T0);
        delete(kubelet.pod, T0.plusMillis(100), 30);

        assertThat(kubelet.at(T0.plusMillis(100))).isEqualTo(PodLifecycle.Step.FINISH);
    }

    @Test
    void readinessGatesHoldReadyUntilTheirConditionsAreTrue() {
        Kubelet kubelet = new Kubelet("""
                {"spec": {"readinessGates": [{"conditionType": "example.com/in-rotation"}],
                          "containers": [{"name": "app", "image": "nginx"}]}}""");
        kubelet.at(T0);
        kubelet.at(T0.plusSeconds(1));
        kubelet.at(T0.plusSeconds(2));
        assertThat(conditions(kubelet.status())).contains("ContainersReady=True", "Ready=False ReadinessGatesNotReady "
                + "corresponding condition of pod readiness gate \"example.com/in-rotation\" does not exist.");

        ((ObjectNode) kubelet.status()).withArray("conditions").insertObject(0)
                .put("type", "example.com/in-rotation").put("status", "False");
        kubelet.at(T0.plusSeconds(3));
        assertThat(conditions(kubelet.status())).first().isEqualTo("example.com/in-rotation=False");
        assertThat(conditions(kubelet.status())).contains("Ready=False ReadinessGatesNotReady the status of pod "
                + "readiness gate \"example.com/in-rotation\" is not \"True\", but False");
    }

    @Test
    void aPodInATerminalPhaseIsLeftAsItIs() {
        Kubelet kubelet = new Kubelet("{\"status\": {\"phase\": \"Succeeded\"}}");

        assertThat(kubelet.at(T0)).isEqualTo(PodLifecycle.Step.IDLE);
    }

    @Test
    void theQosClassIsKept() {
        Kubelet kubelet = new Kubelet("{\"status\": {\"qosClass\": \"Guaranteed\"}}");
        kubelet.at(T0);

        assertThat(kubelet.status().path("qosClass").asString()).isEqualTo("Guaranteed");
    }

    private static void delete(Unstructured pod, Instant at, long grace) {
        pod.metadata().put("deletionTimestamp", at.plusSeconds(grace).toString());
        pod.metadata().put("deletionGracePeriodSeconds", grace);
    }

    /** A pod bound to a node, its fields over a default of one nginx container. */
    static Unstructured pod(String overrides) {
        ObjectNode pod = (ObjectNode) JsonMapper.shared().readTree("""
                {"apiVersion": "v1", "kind": "Pod",
                 "metadata": {"name": "web", "namespace": "default", "uid": "0b0c0d0e-0000-4000-8000-000000000001"},
                 "spec": {"nodeName": "ordinal-worker", "containers": [{"name": "app", "image": "nginx"}]},
                 "status": {"phase": "Pending", "qosClass": "BestEffort"}}""");
        merge(pod, (ObjectNode) JsonMapper.shared().readTree(overrides));
        return new Unstructured(pod);
    }

    private static void merge(ObjectNode target, ObjectNode source) {
        source.properties().forEach(field -> {
            if (field.getValue() instanceof ObjectNode object
                    && target.get(field.getKey()) instanceof ObjectNode into) {
                merge(into, object);
            } else {
                target.set(field.getKey(), field.getValue());
            }
        });
    }

    private static JsonNode condition(JsonNode status, String type) {
        for (JsonNode condition : status.path("conditions")) {
            if (condition.path("type").asString().equals(type)) {
                return condition;
            }
        }
        throw new AssertionError("no condition " + type + " in " + status);
    }

    /** The conditions as {@code Type=Status[ reason[ message]]}, in order. */
    private static List<String> conditions(JsonNode status) {
        List<String> conditions = new ArrayList<>();
        for (JsonNode condition : status.path("conditions")) {
            String text = condition.path("type").asString() + "=" + condition.path("status").asString();
            if (condition.has("reason")) {
                text += " " + condition.path("reason").asString();
            }
            if (condition.has("message")) {
                text += " " + condition.path("message").asString();
            }
            conditions.add(text);
        }
        return conditions;
    }

    private static List<String> fields(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.properties().forEach(field -> names.add(field.getKey()));
        return names;
    }
}
