package dev.ordinal.it.kubectl;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.ordinal.testing.Kubectl;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The inside of a pod as kubectl reaches it beyond exec: {@code kubectl debug} adding an
 * ephemeral container (its own command and log, or an interactive shell sharing the target's
 * processes), {@code kubectl run --rm} whose main process ends the pod (nslookup as upstream's
 * StatefulSet tutorial runs it, an exit code kubectl returns), and a crash-looping container's
 * restarts and back-off as {@code kubectl get pod} shows them.
 */
@ServerTest
@TestPropertySource(properties = {
        "ordinal.kubelet.start-delay=0", "ordinal.kubelet.ready-delay=0", "ordinal.kubelet.stop-delay=0"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlDebugIT {

    @LocalServerPort
    int port;

    private Kubectl kubectl;
    private String namespace;

    @BeforeAll
    void createSet() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        namespace = "debug-" + UUID.randomUUID().toString().substring(0, 8);
        kubectl = new Kubectl(port, namespace);
        assertThat(kubectl.run("create", "namespace", namespace).exitCode()).isZero();
        apply(StatefulSetManifests.NGINX_SERVICE);
        apply(StatefulSetManifests.WEB);
        awaitReady("web-0");
        awaitReady("web-1");
    }

    private void apply(String manifest) {
        Path file = kubectl.file("manifest-" + UUID.randomUUID() + ".yaml", manifest);
        Kubectl.Result applied = kubectl.run("apply", "-f", file.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
    }

    private void awaitReady(String pod) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Kubectl.Result ready = kubectl.run("wait", "--for=condition=Ready", "pod/" + pod, "--timeout=30s");
            assertThat(ready.exitCode()).as(ready.toString()).isZero();
        });
    }

    /** kubectl on a pseudo-terminal (util-linux's script), for {@code -t}; keys are typed after {@code delay}. */
    private Kubectl.Result onTerminal(String keys, Duration delay, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig=" + kubectl.home().resolve("kubeconfig"),
                "--cache-dir=" + kubectl.home().resolve("cache")));
        command.addAll(List.of(args));
        String line = String.join(" ", command.stream().map(KubectlDebugIT::quote).toList());
        ProcessBuilder builder = new ProcessBuilder("script", "-qefc", line, "/dev/null");
        builder.environment().remove("KUBECONFIG");
        builder.environment().put("HOME", kubectl.home().toString());
        builder.redirectErrorStream(true);
        Process process = builder.start();
        try (OutputStream stdin = process.getOutputStream()) {
            Thread.sleep(delay.toMillis());
            stdin.write(keys.getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            // the terminal stays open until kubectl is done, as a user's would
            process.waitFor(90, TimeUnit.SECONDS);
        } catch (IOException e) {
            // kubectl ended before the keys were typed
        }
        if (process.isAlive()) {
            process.destroyForcibly();
            throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish");
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Kubectl.Result(process.exitValue(), out, "");
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    @Test
    void debugAddsAnEphemeralContainerWhoseCommandsOutputIsItsLog() {
        Kubectl.Result debug = kubectl.run("debug", "web-0", "--image=busybox:1.36", "--container=debugger",
                "--", "sh", "-c", "hostname; echo from the debugger");
        assertThat(debug.exitCode()).as(debug.toString()).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.run("get", "pod", "web-0", "-o",
                "jsonpath={.status.ephemeralContainerStatuses[0].state.terminated.reason}").out())
                .isEqualTo("Completed"));
        Kubectl.Result logs = kubectl.run("logs", "web-0", "-c", "debugger");
        assertThat(logs.exitCode()).as(logs.toString()).isZero();
        assertThat(logs.out()).isEqualTo("web-0\nfrom the debugger\n");
        // An ephemeral container never makes the pod restart or stop.
        assertThat(kubectl.run("get", "pod", "web-0", "-o", "jsonpath={.status.phase}").out()).isEqualTo("Running");
    }

    @Test
    void ephemeralContainersCanOnlyBeAddedAndNotWithPorts() {
        Path patch = kubectl.file("ports.json", """
                {"spec": {"ephemeralContainers": [{"name": "nginx", "image": "busybox",
                  "ports": [{"containerPort": 80}]}]}}""");
        Kubectl.Result refused = kubectl.run("patch", "pod", "web-1", "--subresource=ephemeralcontainers",
                "--type=strategic", "--patch-file=" + patch);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("spec.ephemeralContainers[0].name: Duplicate value: \"nginx\"")
                .contains("spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container");
        Kubectl.Result mainResource = kubectl.run("patch", "pod", "web-1", "--type=strategic", "-p",
                "{\"spec\":{\"ephemeralContainers\":[{\"name\":\"x\",\"image\":\"busybox\"}]}}");
        assertThat(mainResource.exitCode()).isEqualTo(1);
        assertThat(mainResource.err()).contains("pod updates may not change fields");
    }

    @Test
    void anInteractiveDebugShellSeesTheTargetsProcesses() throws Exception {
        Kubectl.Result debug = onTerminal("ps\nexit\n", Duration.ofSeconds(8), "debug", "-it", "web-1",
                "--image=busybox", "--target=nginx", "--container=shell");
        assertThat(debug.exitCode()).as(debug.toString()).isZero();
        assertThat(debug.out()).contains("PID   USER     TIME  COMMAND").contains("root      0:00 sh");
    }

    @Test
    void runRmPrintsNslookupsAnswerAndDeletesThePod() throws Exception {
        Kubectl.Result run = onTerminal("", Duration.ZERO, "run", "-i", "--tty", "--image", "busybox:1.28",
                "dns-test", "--restart=Never", "--rm", "--", "nslookup", "web-0.nginx");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String podIp = kubectl.run("get", "pod", "web-0", "-o", "jsonpath={.status.podIP}").out();
        assertThat(run.out().replace("\r", ""))
                .containsPattern("Server: {4}10\\.\\d+\\.\\d+\\.\\d+\n")
                .contains("Name:      web-0.nginx\n")
                .contains("Address 1: " + podIp + " web-0.nginx." + namespace + ".svc.cluster.local\n")
                .contains("pod \"dns-test\" deleted");
        assertThat(kubectl.run("get", "pod", "dns-test").err()).contains("not found");
    }

    @Test
    void runReturnsTheExitCodeOfThePodsCommand() {
        Kubectl.Result run = kubectl.run("run", "-i", "--rm", "--restart=Never", "t", "--image=busybox", "--",
                "sh", "-c", "echo hi; exit 3");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.out()).contains("hi\n");
        assertThat(run.err()).contains("pod " + namespace + "/t terminated (Error)");
    }

    @Test
    void aContainerThatKeepsExitingBacksOff() {
        Kubectl.Result run = kubectl.run("run", "crasher", "--image=busybox", "--", "sh", "-c", "echo once; exit 1");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Kubectl.Result get = kubectl.run("get", "pod", "crasher", "--no-headers");
            assertThat(get.out()).containsPattern("crasher +0/1 +CrashLoopBackOff +[1-9]\\d* \\(\\d+s ago\\)");
        });
        assertThat(kubectl.run("get", "pod", "crasher", "-o",
                "jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}").out()).isEqualTo("1");
        Kubectl.Result previous = kubectl.run("logs", "crasher", "--previous");
        assertThat(previous.out()).isEqualTo("once\n");
    }

    @Test
    void downwardApiFilesHoldThePodsFieldsAndFollowItsLabels() {
        apply("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: labelled
                  labels: {tier: front}
                spec:
                  containers:
                  - name: main
                    image: busybox
                    command: [sleep, "3600"]
                    volumeMounts:
                    - {name: podinfo, mountPath: /etc/podinfo}
                  volumes:
                  - name: podinfo
                    downwardAPI:
                      items:
                      - {path: labels, fieldRef: {fieldPath: metadata.labels}}
                      - {path: name, fieldRef: {fieldPath: metadata.name}}
                """);
        awaitReady("labelled");
        Kubectl.Result files = kubectl.run("exec", "labelled", "--", "sh", "-c",
                "cat /etc/podinfo/name; echo; cat /etc/podinfo/labels; echo; ls /var/run/secrets/kubernetes.io/serviceaccount");
        assertThat(files.exitCode()).as(files.toString()).isZero();
        assertThat(files.out()).isEqualTo("labelled\ntier=\"front\"\nca.crt\nnamespace\ntoken\n");
        assertThat(kubectl.run("label", "pod", "labelled", "track=canary").exitCode()).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.run("exec", "labelled", "--",
                "cat", "/etc/podinfo/labels").out()).isEqualTo("tier=\"front\"\ntrack=\"canary\""));
        assertThat(kubectl.run("exec", "labelled", "--", "cat",
                "/var/run/secrets/kubernetes.io/serviceaccount/namespace").out()).isEqualTo(namespace);
    }

    @Test
    void killingPid1EndsTheContainer() {
        Kubectl.Result run = kubectl.run("run", "sleeper", "--image=busybox", "--restart=Never", "--",
                "sleep", "3600");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        awaitReady("sleeper");
        Kubectl.Result ps = kubectl.run("exec", "sleeper", "--", "ps");
        assertThat(ps.out()).contains("    1 root      0:00 sleep 3600\n");
        assertThat(kubectl.run("exec", "sleeper", "--", "kill", "1").exitCode()).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.run("get", "pod", "sleeper",
                "-o", "jsonpath={.status.phase} {.status.containerStatuses[0].state.terminated.exitCode}").out())
                .isEqualTo("Failed 143"));
    }
}
