package dev.ordinal.it.kubelet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import dev.ordinal.testing.Kubectl;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Eviction and drain under a PodDisruptionBudget, as kubectl does them: the disruption controller
 * keeps the budget's status; an eviction the budget does not allow is refused with 429 and the
 * DisruptionBudget cause; {@code kubectl drain} cordons the node, retries such an eviction until the
 * budget allows it, and ends when the node's pods are gone; {@code kubectl uncordon} undoes the cordon.
 */
@ServerTest
@TestPropertySource(properties = {
        "ordinal.kubelet.start-delay=0", "ordinal.kubelet.ready-delay=0", "ordinal.kubelet.stop-delay=500ms"})
class DrainIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    Kubectl kubectl;
    ClusterApi api;
    String ns;
    String node;

    @BeforeEach
    void setUp() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        ns = "drain-" + UUID.randomUUID().toString().substring(0, 8);
        kubectl = new Kubectl(port, ns);
        api = new ClusterApi(port);
        assertThat(kubectl.run("create", "namespace", ns).exitCode()).isZero();
    }

    @AfterEach
    void uncordon() {
        if (node != null) {
            kubectl.run("uncordon", node);
        }
    }

    @Test
    void drainWaitsForTheDisruptionBudgetAndEvictsTheNodesPods() throws Exception {
        assertThat(kubectl.run("create", "deployment", "web", "--image=nginx", "--replicas=2").exitCode()).isZero();
        assertThat(kubectl.run("create", "poddisruptionbudget", "web", "--selector=app=web", "--min-available=2")
                .exitCode()).isZero();
        String budget = "/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets/web";
        JsonNode blocking = api.await(budget, TIMEOUT, pdb -> pdb.path("status").path("currentHealthy").asInt() == 2);
        assertThat(blocking.path("status").path("desiredHealthy").asInt()).isEqualTo(2);
        assertThat(blocking.path("status").path("expectedPods").asInt()).isEqualTo(2);
        assertThat(blocking.path("status").path("disruptionsAllowed").asInt()).isZero();
        assertThat(blocking.path("status").path("conditions").path(0).path("reason").asString())
                .isEqualTo("InsufficientPods");
        assertThat(kubectl.run("get", "pdb", "web").out()).containsPattern("(?m)^web +2 +N/A +0 ");

        JsonNode pod = api.get("/api/v1/namespaces/" + ns + "/pods?labelSelector=app%3Dweb").body().path("items").get(0);
        String podName = pod.path("metadata").path("name").asString();
        node = pod.path("spec").path("nodeName").asString();
        ClusterApi.Response refused = api.post("/api/v1/namespaces/" + ns + "/pods/" + podName + "/eviction",
                "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + podName + "\"}}");
        assertThat(refused.code()).isEqualTo(429);
        assertThat(refused.body().path("reason").asString()).isEqualTo("TooManyRequests");
        assertThat(refused.body().path("message").asString())
                .isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
        assertThat(refused.body().path("details").path("causes").path(0).path("reason").asString())
                .isEqualTo("DisruptionBudget");
        assertThat(refused.body().path("details").path("causes").path(0).path("message").asString())
                .isEqualTo("The disruption budget web needs 2 healthy pods and has 2 currently");

        Path out = kubectl.home().resolve("drain.out");
        Process drain = kubectl.start(out, "drain", node, "--ignore-daemonsets", "--delete-emptydir-data",
                "--timeout=120s");
        try {
            awaitOutput(kubectl.home().resolve("stderr.log"),
                    "Cannot evict pod as it would violate the pod's disruption budget.");
            assertThat(read(out)).contains("node/" + node + " cordoned");
            assertThat(kubectl.run("get", "nodes").out()).containsPattern("(?m)^" + node + " +Ready,SchedulingDisabled ");
            assertThat(api.get("/api/v1/namespaces/" + ns + "/pods/" + podName).code()).isEqualTo(200);

            assertThat(kubectl.run("patch", "pdb", "web", "--type=merge", "-p", "{\"spec\":{\"minAvailable\":1}}")
                    .exitCode()).isZero();
            assertThat(drain.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as(read(out)).isTrue();
            assertThat(drain.exitValue()).as(read(out) + read(kubectl.home().resolve("stderr.log"))).isZero();
        } finally {
            drain.destroy();
        }
        assertThat(read(out)).contains("pod/" + podName + " evicted").contains("node/" + node + " drained");
        JsonNode left = api.get("/api/v1/namespaces/" + ns + "/pods?fieldSelector=spec.nodeName%3D" + node).body();
        assertThat(left.path("items").size()).isZero();
        JsonNode cordoned = api.get("/api/v1/nodes/" + node).body();
        assertThat(cordoned.path("spec").path("unschedulable").asBoolean()).isTrue();
        api.await("/api/v1/nodes/" + node, TIMEOUT, n -> n.path("spec").path("taints").toString()
                .contains("node.kubernetes.io/unschedulable"));

        assertThat(kubectl.run("uncordon", node).out()).contains("node/" + node + " uncordoned");
        assertThat(kubectl.run("get", "nodes").out()).containsPattern("(?m)^" + node + " +Ready ");
        api.await("/api/v1/nodes/" + node, TIMEOUT, n -> n.path("spec").path("taints").isEmpty());
    }

    private static void awaitOutput(Path file, String text) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (read(file).contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no \"" + text + "\" in " + file + ": " + read(file));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
