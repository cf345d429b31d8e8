package dev.ordinal.registry.printers;

import static dev.ordinal.registry.printers.Rows.ago;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PodTableTest {

    private final PodTable table = new PodTable();

    private Map<String, Object> row(String spec, String status) {
        return Rows.row(table, """
                {"metadata": {"name": "web-0", "creationTimestamp": "%s"},
                 "spec": %s, "status": %s}""".formatted(ago("PT5M"), spec, status));
    }

    private Map<String, Object> row(String json) {
        return Rows.row(table, json);
    }

    private static final String TWO_CONTAINERS = """
            {"containers": [{"name": "app", "image": "nginx"}, {"name": "log", "image": "busybox"}]}""";

    private static final String ONE_CONTAINER = """
            {"containers": [{"name": "app", "image": "nginx"}]}""";

    @Test
    void headsLikeKubectl() {
        assertThat(Rows.headers(table))
                .isEqualTo("NAME READY STATUS RESTARTS AGE | IP NODE NOMINATED NODE READINESS GATES");
        assertThat(table.columns()).allSatisfy(column -> assertThat(column.type()).isEqualTo("string"));
        assertThat(table.columns().get(0).format()).isEqualTo("name");
    }

    @Test
    void runningPodWithEveryContainerReady() {
        Map<String, Object> row = row(TWO_CONTAINERS, """
                {"phase": "Running", "podIP": "10.244.0.5", "conditions": [{"type": "Ready", "status": "True"}],
                 "containerStatuses": [
                   {"name": "app", "ready": true, "restartCount": 0, "state": {"running": {}}},
                   {"name": "log", "ready": true, "restartCount": 0, "state": {"running": {}}}]}""");
        assertThat(row).containsEntry("Name", "web-0").containsEntry("Ready", "2/2")
                .containsEntry("Status", "Running").containsEntry("Restarts", "0").containsEntry("Age", "5m")
                .containsEntry("IP", "10.244.0.5").containsEntry("Node", "<none>")
                .containsEntry("Nominated Node", "<none>").containsEntry("Readiness Gates", "<none>");
    }

    @Test
    void pendingPodWithoutStatusShowsItsPhaseAndNoReadyContainers() {
        Map<String, Object> row = row(TWO_CONTAINERS, """
                {"phase": "Pending"}""");
        assertThat(row).containsEntry("Ready", "0/2").containsEntry("Status", "Pending")
                .containsEntry("Restarts", "0");
    }

    @Test
    void restartsShowHowLongAgoTheLatestTerminationFinished() {
        Map<String, Object> row = row(TWO_CONTAINERS, """
                {"phase": "Running", "containerStatuses": [
                   {"name": "app", "ready": true, "restartCount": 3, "state": {"running": {}},
                    "lastState": {"terminated": {"exitCode": 1, "finishedAt": "%s"}}},
                   {"name": "log", "ready": false, "restartCount": 2, "state": {"running": {}},
                    "lastState": {"terminated": {"exitCode": 1, "finishedAt": "%s"}}}]}"""
                .formatted(ago("PT2H"), ago("PT90S")));
        assertThat(row).containsEntry("Restarts", "5 (90s ago)").containsEntry("Ready", "1/2");
    }

    @Test
    void restartsWithoutARecordedTerminationAreJustCounted() {
        Map<String, Object> row = row(ONE_CONTAINER, """
                {"phase": "Running", "containerStatuses": [
                   {"name": "app", "ready": true, "restartCount": 4, "state": {"running": {}}}]}""");
        assertThat(row).containsEntry("Restarts", "4");
    }

    @Test
    void waitingReasonOfAContainerIsTheStatus() {
        Map<String, Object> row = row(ONE_CONTAINER, """
                {"phase": "Running", "containerStatuses": [
                   {"name": "app", "ready": false, "restartCount": 6,
                    "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                    "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": "%s"}}}]}"""
                .formatted(ago("PT42S")));
        assertThat(row).containsEntry("Status", "CrashLoopBackOff").containsEntry("Ready", "0/1")
                .containsEntry("Restarts", "6 (42s ago)");
    }

    @Test
    void firstContainerDecidesTheStatus() {
        Map<String, Object> row = row(TWO_CONTAINERS, """
                {"phase": "Pending", "containerStatuses": [
                   {"name": "app", "state": {"waiting": {"reason": "ImagePullBackOff"}}},
                   {"name": "log", "state": {"waiting": {"reason": "ContainerCreating"}}}]}""");
        assertThat(row).containsEntry("Status", "ImagePullBackOff");
    }

    @Test
    void terminatedContainersShowReasonSignalOrExitCode() {
        assertThat(row(ONE_CONTAINER, """
                {"phase": "Succeeded", "containerStatuses": [
                   {"name": "app", "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}"""))
                .containsEntry("Status", "Completed");
        assertThat(row(ONE_CONTAINER, """
                {"phase": "Failed", "containerStatuses": [
                   {"name": "app", "state": {"terminated": {"exitCode": 137, "signal": 9}}}]}"""))
                .containsEntry("Status", "Signal:9");
        assertThat(row(ONE_CONTAINER, """
                {"phase": "Failed", "containerStatuses": [
                   {"name": "app", "state": {"terminated": {"exitCode": 2}}}]}"""))
                .containsEntry("Status", "ExitCode:2");
    }

    @Test
    void completedContainerBesideARunningOneReadsRunningOrNotReady() {
        String completedFirst = """
                {"phase": "Running", "conditions": [{"type": "Ready", "status": "%s"}], "containerStatuses": [
                   {"name": "app", "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
                   {"name": "log", "ready": true, "state": {"running": {}}}]}""";
        assertThat(row(TWO_CONTAINERS, completedFirst.formatted("True")))
                .containsEntry("Status", "Running").containsEntry("Ready", "1/2");
        assertThat(row(TWO_CONTAINERS, completedFirst.formatted("False")))
                .containsEntry("Status", "NotReady");
    }

    @Test
    void statusReasonReplacesThePhase() {
        assertThat(row(ONE_CONTAINER, """
                {"phase": "Failed", "reason": "Evicted"}""")).containsEntry("Status", "Evicted");
    }

    @Test
    void schedulingGatedPodsSaySo() {
        assertThat(row(ONE_CONTAINER, """
                {"phase": "Pending", "conditions": [
                   {"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]}"""))
                .containsEntry("Status", "SchedulingGated");
    }

    @Test
    void initContainersCountedWhileTheyRun() {
        String spec = """
                {"initContainers": [{"name": "init-a"}, {"name": "init-b"}],
                 "containers": [{"name": "app"}]}""";
        assertThat(row(spec, """
                {"phase": "Pending", "initContainerStatuses": [
                   {"name": "init-a", "state": {"running": {}}},
                   {"name": "init-b", "state": {"waiting": {"reason": "PodInitializing"}}}]}"""))
                .containsEntry("Status", "Init:0/2");
        assertThat(row(spec, """
                {"phase": "Pending", "initContainerStatuses": [
                   {"name": "init-a", "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
                   {"name": "init-b", "state": {"running": {}}}]}"""))
                .containsEntry("Status", "Init:1/2");
    }

    @Test
    void failingInitContainersShowWhy() {
        String spec = """
                {"initContainers": [{"name": "init"}], "containers": [{"name": "app"}]}""";
        assertThat(row(spec, """
                {"phase": "Pending", "initContainerStatuses": [{"name": "init", "restartCount": 3,
                   "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                   "lastState": {"terminated": {"exitCode": 1, "finishedAt": "%s"}}}]}"""
                .formatted(ago("PT3M"))))
                .containsEntry("Status", "Init:CrashLoopBackOff").containsEntry("Restarts", "3 (3m ago)");
        assertThat(row(spec, """
                {"phase": "Pending", "initContainerStatuses": [
                   {"name": "init", "state": {"terminated": {"exitCode": 1, "reason": "Error"}}}]}"""))
                .containsEntry("Status", "Init:Error");
        assertThat(row(spec, """
                {"phase": "Pending", "initContainerStatuses": [
                   {"name": "init", "state": {"terminated": {"exitCode": 3}}}]}"""))
                .containsEntry("Status", "Init:ExitCode:3");
        assertThat(row(spec, """
                {"phase": "Pending", "initContainerStatuses": [
                   {"name": "init", "state": {"terminated": {"exitCode": 137, "signal": 9}}}]}"""))
                .containsEntry("Status", "Init:Signal:9");
    }

    @Test
    void onceInitializedOnlySidecarAndMainContainerRestartsCount() {
        String spec = """
                {"initContainers": [{"name": "setup"}, {"name": "proxy", "restartPolicy": "Always"}],
                 "containers": [{"name": "app"}]}""";
        Map<String, Object> row = row(spec, """
                {"phase": "Running", "conditions": [{"type": "Initialized", "status": "True"}],
                 "initContainerStatuses": [
                   {"name": "setup", "restartCount": 5, "state": {"terminated": {"exitCode": 0}},
                    "lastState": {"terminated": {"exitCode": 1, "finishedAt": "%s"}}},
                   {"name": "proxy", "restartCount": 1, "started": true, "ready": true, "state": {"running": {}},
                    "lastState": {"terminated": {"exitCode": 1, "finishedAt": "%s"}}}],
                 "containerStatuses": [{"name": "app", "restartCount": 1, "ready": true, "state": {"running": {}}}]}"""
                .formatted(ago("PT1M"), ago("PT20M")));
        assertThat(row).containsEntry("Ready", "2/2").containsEntry("Status", "Running")
                .containsEntry("Restarts", "2 (20m ago)");
    }

    @Test
    void deletedPodsAreTerminatingUnlessFinishedOrOnALostNode() {
        String pod = """
                {"metadata": {"name": "web-0", "creationTimestamp": "%s", "deletionTimestamp": "%s"},
                 "spec": {"containers": [{"name": "app"}]},
                 "status": %s}""";
        assertThat(row(pod.formatted(ago("PT1H"), Rows.NOW, """
                {"phase": "Running", "containerStatuses": [{"name": "app", "ready": true, "state": {"running": {}}}]}""")))
                .containsEntry("Status", "Terminating").containsEntry("Age", "60m");
        assertThat(row(pod.formatted(ago("PT1H"), Rows.NOW, """
                {"phase": "Succeeded", "containerStatuses": [
                   {"name": "app", "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}""")))
                .containsEntry("Status", "Completed");
        assertThat(row(pod.formatted(ago("PT1H"), Rows.NOW, """
                {"phase": "Running", "reason": "NodeLost"}""")))
                .containsEntry("Status", "Unknown");
    }

    @Test
    void wideCellsNameNodeIpsAndReadinessGates() {
        Map<String, Object> row = row("""
                {"nodeName": "node-1", "containers": [{"name": "app"}],
                 "readinessGates": [{"conditionType": "example.com/lb"}, {"conditionType": "example.com/dns"}]}""", """
                {"phase": "Running", "nominatedNodeName": "node-2",
                 "podIPs": [{"ip": "fd00::5"}, {"ip": "10.0.0.5"}],
                 "conditions": [{"type": "example.com/lb", "status": "True"},
                                {"type": "example.com/dns", "status": "False"}]}""");
        assertThat(row).containsEntry("IP", "fd00::5").containsEntry("Node", "node-1")
                .containsEntry("Nominated Node", "node-2").containsEntry("Readiness Gates", "1/2");
    }
}
