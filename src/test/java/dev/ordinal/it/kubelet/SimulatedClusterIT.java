package dev.ordinal.it.kubelet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulated cluster as a client sees it over HTTP: three Ready nodes, pods that the
 * scheduler places and the kubelet starts, readies, restarts and stops with the status a real
 * kubelet writes. Delays are zero, so every step follows the one before at once.
 */
@ServerTest
@TestPropertySource(properties = {
        "ordinal.kubelet.start-delay=0", "ordinal.kubelet.ready-delay=0", "ordinal.kubelet.stop-delay=0"})
class SimulatedClusterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final List<String> NODES = List.of("ordinal-worker", "ordinal-worker2", "ordinal-worker3");

    @LocalServerPort
    int port;

    ClusterApi api;
    String ns;

    @BeforeEach
    void namespace() {
        api = new ClusterApi(port);
        ns = "sim-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + ns + "\"}}").code()).isEqualTo(201);
    }

    @Test
    void threeReadyNodesWithTheWellKnownLabelsAndLeases() {
        JsonNode list = api.get("/api/v1/nodes").body();
        List<String> names = new ArrayList<>();
        list.path("items").forEach(node -> names.add(node.path("metadata").path("name").asString()));
        assertThat(names).containsAll(NODES);
        Set<String> podCidrs = new HashSet<>();
        for (String name : NODES) {
            JsonNode node = api.get("/api/v1/nodes/" + name).body();
            JsonNode labels = node.path("metadata").path("labels");
            assertThat(labels.path("kubernetes.io/hostname").asString()).isEqualTo(name);
            assertThat(labels.path("kubernetes.io/os").asString()).isEqualTo("linux");
            assertThat(labels.path("kubernetes.io/arch").asString()).isEqualTo("amd64");
            assertThat(labels.path("topology.kubernetes.io/region").asString()).isNotEmpty();
            assertThat(labels.path("topology.kubernetes.io/zone").asString()).isNotEmpty();
            JsonNode ready = condition(node, "Ready");
            assertThat(ready.path("status").asString()).isEqualTo("True");
            assertThat(ready.path("reason").asString()).isEqualTo("KubeletReady");
            assertThat(ready.path("lastHeartbeatTime").asString()).isNotEmpty();
            JsonNode status = node.path("status");
            assertThat(status.path("capacity").path("pods").asString()).isEqualTo("110");
            assertThat(status.path("allocatable").path("cpu").asString()).isNotEmpty();
            assertThat(status.path("allocatable").path("memory").asString()).isNotEmpty();
            assertThat(status.path("allocatable").path("ephemeral-storage").asString()).isNotEmpty();
            assertThat(status.path("nodeInfo").path("kubeletVersion").asString()).startsWith("v1.32.");
            assertThat(status.path("nodeInfo").path("containerRuntimeVersion").asString()).startsWith("containerd://");
            assertThat(status.path("addresses").get(0).path("type").asString()).isEqualTo("InternalIP");
            assertThat(status.path("addresses").get(1).path("address").asString()).isEqualTo(name);
            podCidrs.add(node.path("spec").path("podCIDR").asString());
        }
        assertThat(podCidrs).hasSize(3).allMatch(cidr -> cidr.matches("10\\.244\\.\\d+\\.0/24"));
        for (String name : NODES) {
            JsonNode lease = api.await("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/" + name,
                    Duration.ofSeconds(15), l -> true);
            assertThat(lease.path("spec").path("holderIdentity").asString()).isEqualTo(name);
            assertThat(lease.path("spec").path("renewTime").asString()).isNotEmpty();
        }
    }

    @Test
    void aPodBecomesRunningAndReadyWithTheStatusAKubeletWrites() {
        create("""
                {"metadata": {"name": "web"},
                 "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27",
                          "volumeMounts": [{"name": "data", "mountPath": "/data", "readOnly": true}]}],
                          "volumes": [{"name": "data", "emptyDir": {}}]}}""");
        JsonNode pod = api.await(pod("web"), TIMEOUT, p -> conditionStatus(p, "Ready").equals("True"));
        JsonNode status = pod.path("status");
        assertThat(fieldNames(status)).containsExactly("phase", "conditions", "hostIP", "hostIPs", "podIP", "podIPs",
                "startTime", "containerStatuses", "qosClass");
        assertThat(status.path("phase").asString()).isEqualTo("Running");
        List<String> types = new ArrayList<>();
        for (JsonNode condition : status.path("conditions")) {
            types.add(condition.path("type").asString());
            assertThat(condition.path("status").asString()).isEqualTo("True");
            assertThat(condition.has("lastProbeTime") && condition.get("lastProbeTime").isNull()).isTrue();
            assertThat(Instant.parse(condition.path("lastTransitionTime").asString())).isNotNull();
        }
        assertThat(types).containsExactly("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady",
                "PodScheduled");

        String nodeName = pod.path("spec").path("nodeName").asString();
        assertThat(nodeName).isIn(NODES);
        JsonNode node = api.get("/api/v1/nodes/" + nodeName).body();
        String nodeIp = node.path("status").path("addresses").get(0).path("address").asString();
        assertThat(status.path("hostIP").asString()).isEqualTo(nodeIp);
        assertThat(status.path("hostIPs").get(0).path("ip").asString()).isEqualTo(nodeIp);
        String podCidr = node.path("spec").path("podCIDR").asString();
        String podIp = status.path("podIP").asString();
        assertThat(podIp).startsWith(podCidr.substring(0, podCidr.lastIndexOf('.') + 1));
        assertThat(status.path("podIPs").get(0).path("ip").asString()).isEqualTo(podIp);
        assertThat(Instant.parse(status.path("startTime").asString())).isNotNull();
        assertThat(status.path("qosClass").asString()).isEqualTo("BestEffort");

        JsonNode container = status.path("containerStatuses").get(0);
        assertThat(fieldNames(container)).containsExactly("name", "state", "lastState", "ready", "restartCount",
                "image", "imageID", "containerID", "started", "volumeMounts");
        assertThat(container.path("name").asString()).isEqualTo("nginx");
        assertThat(container.path("image").asString()).isEqualTo("docker.io/library/nginx:1.27");
        assertThat(container.path("imageID").asString()).matches("docker\\.io/library/nginx@sha256:[0-9a-f]{64}");
        assertThat(container.path("containerID").asString()).matches("containerd://[0-9a-f]{64}");
        assertThat(container.path("ready").asBoolean()).isTrue();
        assertThat(container.path("started").asBoolean()).isTrue();
        assertThat(container.path("restartCount").asInt()).isZero();
        assertThat(container.path("lastState").isEmpty()).isTrue();
        assertThat(Instant.parse(container.path("state").path("running").path("startedAt").asString())).isNotNull();
        JsonNode mount = container.path("volumeMounts").get(0);
        assertThat(mount.path("name").asString()).isEqualTo("data");
        assertThat(mount.path("mountPath").asString()).isEqualTo("/data");
        assertThat(mount.path("readOnly").asBoolean()).isTrue();
        assertThat(mount.path("recursiveReadOnly").asString()).isEqualTo("Disabled");

        JsonNode scheduled = event("web", "Scheduled");
        assertThat(scheduled.path("type").asString()).isEqualTo("Normal");
        assertThat(scheduled.path("message").asString())
                .isEqualTo("Successfully assigned " + ns + "/web to " + nodeName);
        assertThat(scheduled.path("source").path("component").asString()).isEqualTo("default-scheduler");
    }

    @Test
    void podsGetDistinctIpsAndSpreadOverTheNodes() {
        for (int i = 0; i < 6; i++) {
            create("{\"metadata\": {\"name\": \"p" + i + "\"}, \"spec\": {\"containers\": "
                    + "[{\"name\": \"app\", \"image\": \"busybox\"}]}}");
        }
        Set<String> ips = new HashSet<>();
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            JsonNode pod = api.await(pod("p" + i), TIMEOUT, p -> p.path("status").has("podIP"));
            ips.add(pod.path("status").path("podIP").asString());
            nodes.add(pod.path("spec").path("nodeName").asString());
        }
        assertThat(ips).hasSize(6);
        assertThat(nodes).hasSizeGreaterThan(1);
    }

    @Test
    void initContainersHaveCompletedWhenThePodRuns() {
        create("""
                {"metadata": {"name": "init"},
                 "spec": {"initContainers": [{"name": "setup", "image": "busybox"}],
                          "containers": [{"name": "app", "image": "busybox"}]}}""");
        JsonNode pod = api.await(pod("init"), TIMEOUT, p -> conditionStatus(p, "Ready").equals("True"));
        JsonNode init = pod.path("status").path("initContainerStatuses").get(0);
        assertThat(init.path("name").asString()).isEqualTo("setup");
        assertThat(init.path("state").path("terminated").path("reason").asString()).isEqualTo("Completed");
        assertThat(init.path("state").path("terminated").path("exitCode").asInt()).isZero();
        assertThat(init.path("ready").asBoolean()).isTrue();
        assertThat(conditionStatus(pod, "Initialized")).isEqualTo("True");
    }

    @Test
    void aReadinessProbeDelaysReadiness() {
        create("""
                {"metadata": {"name": "probed"},
                 "spec": {"containers": [{"name": "app", "image": "busybox",
                          "readinessProbe": {"initialDelaySeconds": 2, "exec": {"command": ["true"]}}}]}}""");
        JsonNode running = api.await(pod("probed"), TIMEOUT, p -> p.path("status").path("phase").asString()
                .equals("Running"));
        JsonNode ready = condition(running, "Ready");
        assertThat(ready.path("status").asString()).isEqualTo("False");
        assertThat(ready.path("reason").asString()).isEqualTo("ContainersNotReady");
        assertThat(ready.path("message").asString()).isEqualTo("containers with unready status: [app]");
        JsonNode pod = api.await(pod("probed"), TIMEOUT, p -> conditionStatus(p, "Ready").equals("True"));
        Instant started = Instant.parse(pod.path("status").path("containerStatuses").get(0).path("state")
                .path("running").path("startedAt").asString());
        Instant readyAt = Instant.parse(condition(pod, "Ready").path("lastTransitionTime").asString());
        assertThat(Duration.between(started, readyAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aNeverReadyPodRunsUnready() throws InterruptedException {
        create("""
                {"metadata": {"name": "lame", "annotations": {"ordinal.dev/never-ready": "true"}},
                 "spec": {"containers": [{"name": "app", "image": "busybox"}]}}""");
        api.await(pod("lame"), TIMEOUT, p -> p.path("status").path("phase").asString().equals("Running"));
        Thread.sleep(300);
        JsonNode pod = api.get(pod("lame")).body();
        assertThat(conditionStatus(pod, "Ready")).isEqualTo("False");
        assertThat(pod.path("status").path("containerStatuses").get(0).path("ready").asBoolean()).isFalse();
    }

    @Test
    void aFailingPodEndsFailed() {
        create("""
                {"metadata": {"name": "doomed", "annotations": {"ordinal.dev/fail": "true"}},
                 "spec": {"containers": [{"name": "app", "image": "busybox"}]}}""");
        JsonNode pod = api.await(pod("doomed"), TIMEOUT, p -> p.path("status").path("phase").asString()
                .equals("Failed"));
        JsonNode terminated = pod.path("status").path("containerStatuses").get(0).path("state").path("terminated");
        assertThat(terminated.path("exitCode").asInt()).isEqualTo(1);
        assertThat(terminated.path("reason").asString()).isEqualTo("Error");
        assertThat(condition(pod, "Ready").path("reason").asString()).isEqualTo("PodFailed");
    }

    @Test
    void aCrashLoopingPodRestartsAndBacksOff() {
        create("""
                {"metadata": {"name": "crash", "annotations": {"ordinal.dev/crash-loop": "true"}},
                 "spec": {"containers": [{"name": "app", "image": "busybox"}]}}""");
        JsonNode pod = api.await(pod("crash"), TIMEOUT, p -> p.path("status").path("containerStatuses").path(0)
                .path("state").path("waiting").path("reason").asString("").equals("CrashLoopBackOff"));
        JsonNode container = pod.path("status").path("containerStatuses").get(0);
        assertThat(pod.path("status").path("phase").asString()).isEqualTo("Running");
        assertThat(container.path("restartCount").asInt()).isEqualTo(1);
        assertThat(container.path("ready").asBoolean()).isFalse();
        assertThat(container.path("state").path("waiting").path("message").asString()).isEqualTo(
                "back-off 10s restarting failed container=app pod=crash_" + ns + "("
                        + pod.path("metadata").path("uid").asString() + ")");
        JsonNode last = container.path("lastState").path("terminated");
        assertThat(last.path("exitCode").asInt()).isEqualTo(1);
        assertThat(last.path("reason").asString()).isEqualTo("Error");
        assertThat(last.path("containerID").asString()).isEqualTo(container.path("containerID").asString());
        assertThat(condition(pod, "Ready").path("message").asString())
                .isEqualTo("containers with unready status: [app]");
    }

    @Test
    void aDeletedPodIsTerminatingUntilItsContainersStoppedAndThenGone() {
        create("""
                {"metadata": {"name": "graceful", "annotations": {"ordinal.dev/stop-delay": "1s"}},
                 "spec": {"containers": [{"name": "app", "image": "busybox"}]}}""");
        JsonNode ready = api.await(pod("graceful"), TIMEOUT, p -> conditionStatus(p, "Ready").equals("True"));
        String resourceVersion = ready.path("metadata").path("resourceVersion").asString();

        Instant deleted = Instant.now();
        JsonNode terminating = api.delete(pod("graceful")).body();
        assertThat(terminating.path("metadata").path("deletionGracePeriodSeconds").asLong()).isEqualTo(30);
        assertThat(terminating.path("status").path("phase").asString()).isEqualTo("Running");
        List<JsonNode> events = api.watch("/api/v1/namespaces/" + ns + "/pods?fieldSelector=metadata.name%3Dgraceful",
                resourceVersion, TIMEOUT, event -> event.path("type").asString().equals("DELETED"));

        assertThat(Duration.between(deleted, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(events).extracting(event -> event.path("type").asString())
                .containsExactly("MODIFIED", "MODIFIED", "DELETED");
        JsonNode stopped = events.get(1).path("object");
        assertThat(stopped.path("status").path("phase").asString()).isEqualTo("Succeeded");
        assertThat(stopped.path("status").path("containerStatuses").get(0).path("state").path("terminated")
                .path("reason").asString()).isEqualTo("Completed");
        api.awaitGone(pod("graceful"), TIMEOUT);
    }

    @Test
    void aDeletedPodStopsItsContainersAndWaitsForItsFinalizers() {
        create("""
                {"metadata": {"name": "held", "finalizers": ["example.com/hold"]},
                 "spec": {"containers": [{"name": "app", "image": "busybox"}]}}""");
        api.await(pod("held"), TIMEOUT, p -> conditionStatus(p, "Ready").equals("True"));
        assertThat(api.delete(pod("held")).code()).isEqualTo(200);
        JsonNode pod = api.await(pod("held"), TIMEOUT, p -> p.path("status").path("phase").asString()
                .equals("Succeeded"));
        assertThat(pod.path("metadata").path("deletionTimestamp").asString()).isNotEmpty();
        JsonNode terminated = pod.path("status").path("containerStatuses").get(0).path("state").path("terminated");
        assertThat(terminated.path("reason").asString()).isEqualTo("Completed");
        assertThat(terminated.path("exitCode").asInt()).isZero();
        assertThat(conditionStatus(pod, "PodReadyToStartContainers")).isEqualTo("False");
        assertThat(condition(pod, "Ready").path("reason").asString()).isEqualTo("PodCompleted");

        assertThat(api.patch(pod("held"), "{\"metadata\": {\"finalizers\": null}}").code()).isEqualTo(200);
        api.awaitGone(pod("held"), TIMEOUT);
    }

    @Test
    void aPodSelectingAMissingLabelStaysPendingUntilANodeHasIt() {
        String label = "sim.ordinal.dev/" + ns;
        create("{\"metadata\": {\"name\": \"picky\"}, \"spec\": {\"nodeSelector\": {\"" + label + "\": \"yes\"},"
                + " \"containers\": [{\"name\": \"app\", \"image\": \"busybox\"}]}}");
        String message = "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. "
                + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
        JsonNode pod = api.await(pod("picky"), TIMEOUT, p -> condition(p, "PodScheduled").has("reason"));
        assertThat(pod.path("status").path("phase").asString()).isEqualTo("Pending");
        JsonNode scheduled = condition(pod, "PodScheduled");
        assertThat(scheduled.path("status").asString()).isEqualTo("False");
        assertThat(scheduled.path("reason").asString()).isEqualTo("Unschedulable");
        assertThat(scheduled.path("message").asString()).isEqualTo(message);
        assertThat(pod.path("spec").has("nodeName")).isFalse();
        JsonNode failed = event("picky", "FailedScheduling");
        assertThat(failed.path("type").asString()).isEqualTo("Warning");
        assertThat(failed.path("message").asString()).isEqualTo(message);
        assertThat(failed.path("source").path("component").asString()).isEqualTo("default-scheduler");

        assertThat(api.patch("/api/v1/nodes/ordinal-worker2",
                "{\"metadata\": {\"labels\": {\"" + label + "\": \"yes\"}}}").code()).isEqualTo(200);
        pod = api.await(pod("picky"), TIMEOUT, p -> conditionStatus(p, "Ready").equals("True"));
        assertThat(pod.path("spec").path("nodeName").asString()).isEqualTo("ordinal-worker2");
    }

    @Test
    void aPodMarkedUnschedulableIsNeverPlaced() {
        create("""
                {"metadata": {"name": "nowhere", "annotations": {"ordinal.dev/unschedulable": "true"}},
                 "spec": {"containers": [{"name": "app", "image": "busybox"}]}}""");
        JsonNode pod = api.await(pod("nowhere"), TIMEOUT, p -> condition(p, "PodScheduled").has("reason"));
        assertThat(condition(pod, "PodScheduled").path("message").asString()).isEqualTo(
                "0/3 nodes are available: pod is marked unschedulable by annotation ordinal.dev/unschedulable. "
                        + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
        assertThat(event("nowhere", "FailedScheduling").path("type").asString()).isEqualTo("Warning");
    }

    @Test
    void aPodForAnotherSchedulerIsLeftAloneAndCanBeBoundThroughTheBindingSubresource() throws InterruptedException {
        create("""
                {"metadata": {"name": "custom"},
                 "spec": {"schedulerName": "my-scheduler", "containers": [{"name": "app", "image": "busybox"}]}}""");
        Thread.sleep(300);
        JsonNode pod = api.get(pod("custom")).body();
        assertThat(pod.path("spec").has("nodeName")).isFalse();
        assertThat(condition(pod, "PodScheduled").isMissingNode()).isTrue();

        String binding = "{\"apiVersion\": \"v1\", \"kind\": \"Binding\", \"metadata\": {\"name\": \"custom\"},"
                + " \"target\": {\"kind\": \"Node\", \"name\": \"ordinal-worker3\"}}";
        ClusterApi.Response bound = api.post(pod("custom") + "/binding", binding);
        assertThat(bound.code()).isEqualTo(201);
        assertThat(bound.body().path("kind").asString()).isEqualTo("Status");
        assertThat(bound.body().path("status").asString()).isEqualTo("Success");
        pod = api.await(pod("custom"), TIMEOUT, p -> conditionStatus(p, "Ready").equals("True"));
        assertThat(pod.path("spec").path("nodeName").asString()).isEqualTo("ordinal-worker3");

        ClusterApi.Response again = api.post(pod("custom") + "/binding", binding);
        assertThat(again.code()).isEqualTo(409);
        assertThat(again.body().path("message").asString()).isEqualTo(
                "Operation cannot be fulfilled on pods/binding \"custom\": pod custom is already assigned to node "
                        + "\"ordinal-worker3\"");
    }

    private void create(String pod) {
        ClusterApi.Response created = api.post("/api/v1/namespaces/" + ns + "/pods", pod);
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);
    }

    private String pod(String name) {
        return "/api/v1/namespaces/" + ns + "/pods/" + name;
    }

    private JsonNode event(String object, String reason) {
        JsonNode events = api.await("/api/v1/namespaces/" + ns + "/events", TIMEOUT,
                list -> find(list, object, reason) != null);
        return find(events, object, reason);
    }

    private static JsonNode find(JsonNode events, String object, String reason) {
        for (JsonNode event : events.path("items")) {
            if (event.path("involvedObject").path("name").asString("").equals(object)
                    && event.path("reason").asString("").equals(reason)) {
                return event;
            }
        }
        return null;
    }

    private static JsonNode condition(JsonNode object, String type) {
        for (JsonNode condition : object.path("status").path("conditions")) {
            if (condition.path("type").asString("").equals(type)) {
                return condition;
            }
        }
        return MissingNode.getInstance();
    }

    private static String conditionStatus(JsonNode object, String type) {
        return condition(object, type).path("status").asString("");
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.properties().forEach(field -> names.add(field.getKey()));
        return names;
    }
}
