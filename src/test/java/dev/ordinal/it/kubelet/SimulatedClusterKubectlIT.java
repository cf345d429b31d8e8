package dev.ordinal.it.kubelet;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.ordinal.testing.Kubectl;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The simulated cluster as {@code kubectl get} prints it: nodes, and pods with their IPs and nodes. */
@ServerTest
@TestPropertySource(properties = {
        "ordinal.kubelet.start-delay=0", "ordinal.kubelet.ready-delay=0", "ordinal.kubelet.stop-delay=0"})
class SimulatedClusterKubectlIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    Kubectl kubectl;
    ClusterApi api;
    String ns;

    @BeforeEach
    void setUp() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        ns = "kubectl-" + UUID.randomUUID().toString().substring(0, 8);
        kubectl = new Kubectl(port, ns);
        api = new ClusterApi(port);
        assertThat(kubectl.run("create", "namespace", ns).exitCode()).isZero();
    }

    @Test
    void getNodesShowsThreeReadyWorkers() {
        Kubectl.Result nodes = kubectl.run("get", "nodes", "-o", "wide");

        assertThat(nodes.exitCode()).as(nodes.toString()).isZero();
        assertThat(nodes.out()).containsPattern("(?m)^NAME +STATUS +ROLES +AGE +VERSION +INTERNAL-IP +EXTERNAL-IP +"
                + "OS-IMAGE +KERNEL-VERSION +CONTAINER-RUNTIME$");
        assertThat(nodes.out())
                .containsPattern("(?m)^ordinal-worker +Ready +<none> +\\S+ +v1\\.32\\.\\d+ +172\\.18\\.0\\.2 +<none> +"
                        + "Debian GNU/Linux 12 \\(bookworm\\) +\\S+ +containerd://\\S+$")
                .containsPattern("(?m)^ordinal-worker2 +Ready ")
                .containsPattern("(?m)^ordinal-worker3 +Ready ");
    }

    @Test
    void getPodsWideShowsRunningPodsWithTheirIpAndNode() {
        assertThat(kubectl.run("run", "web", "--image=nginx:1.27").exitCode()).isZero();
        api.await("/api/v1/namespaces/" + ns + "/pods/web", TIMEOUT, pod -> pod.path("status")
                .path("containerStatuses").path(0).path("ready").asBoolean(false));

        Kubectl.Result pods = kubectl.run("get", "pods", "-o", "wide");

        assertThat(pods.exitCode()).as(pods.toString()).isZero();
        assertThat(pods.out()).containsPattern("(?m)^web +1/1 +Running +0 +\\S+ +10\\.244\\.\\d+\\.\\d+ +"
                + "ordinal-worker\\d? +<none> +<none>$");
    }

    @Test
    void getPodsShowsACrashLoop() throws InterruptedException {
        kubectl.file("crash.yaml", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: crash
                  annotations: {ordinal.dev/crash-loop: "true"}
                spec:
                  containers: [{name: app, image: busybox}]
                """);
        assertThat(kubectl.run("apply", "-f", kubectl.home().resolve("crash.yaml").toString()).exitCode()).isZero();
        api.await("/api/v1/namespaces/" + ns + "/pods/crash", TIMEOUT, pod -> pod.path("status")
                .path("containerStatuses").path(0).path("state").has("waiting"));

        // The first restart comes at once, so the pod may be Running again when kubectl looks:
        // look until it shows the back-off, as a user watching it would.
        java.util.regex.Pattern backOff = java.util.regex.Pattern.compile(
                "(?m)^crash +0/1 +CrashLoopBackOff +\\d+ \\(\\S+ ago\\) +\\S+$");
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        String shown = kubectl.run("get", "pod", "crash").out();
        while (!backOff.matcher(shown).find() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            shown = kubectl.run("get", "pod", "crash").out();
        }
        assertThat(shown).containsPattern(backOff);
    }

    @Test
    void getPodsShowsAPodThatFitsNowhereAsPending() {
        assertThat(kubectl.run("run", "picky", "--image=nginx", "--overrides",
                "{\"spec\": {\"nodeSelector\": {\"disk\": \"none\"}}}").exitCode()).isZero();
        api.await("/api/v1/namespaces/" + ns + "/pods/picky", TIMEOUT, pod -> pod.path("status")
                .path("conditions").path(0).path("reason").asString("").equals("Unschedulable"));

        assertThat(kubectl.run("get", "pods", "-o", "wide").out())
                .containsPattern("(?m)^picky +0/1 +Pending +0 +\\S+ +<none> +<none> +<none> +<none>$");
        assertThat(kubectl.run("describe", "pod", "picky").out()).containsPattern("Warning +FailedScheduling +\\S+ +"
                + "default-scheduler +0/3 nodes are available: 3 node\\(s\\) didn't match Pod's node "
                + "affinity/selector\\. preemption: 0/3 nodes are available: 3 Preemption is not helpful for "
                + "scheduling\\.");
    }
}
