package dev.ordinal.it.kubectl;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

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
 * Stepping into pods with kubectl (the dispatcher's client for the server's v1.32, WebSocket
 * v5.channel.k8s.io): exec, exit codes, stdin, cp both ways, logs and logs -f, and the stable
 * storage of upstream's StatefulSet tutorial: what web-0 wrote to its claim is there again after
 * web-0 was deleted and recreated.
 */
@ServerTest
@TestPropertySource(properties = {
        "ordinal.kubelet.start-delay=0", "ordinal.kubelet.ready-delay=0", "ordinal.kubelet.stop-delay=0"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlExecIT {

    private static final String LOGGER = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: logger
            spec:
              containers:
              - name: main
                image: busybox:1.36
                command: [sh, -c, 'echo "hello from $(hostname)"; echo to stderr >&2; while true; do sleep 1; done']
              - name: sidecar
                image: busybox:1.36
            """;

    /** Crashes and is restarted on the clock; each instance writes the same line. */
    private static final String CRASHING = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: crashing
              annotations: {ordinal.dev/crash-loop: "true"}
            spec:
              containers:
              - name: main
                image: busybox:1.36
                command: [sh, -c, 'echo "attempt in $(hostname)"; sleep 3600']
            """;

    @LocalServerPort
    int port;

    private Kubectl kubectl;
    private String namespace;

    @BeforeAll
    void createPods() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        namespace = "exec-" + UUID.randomUUID().toString().substring(0, 8);
        kubectl = new Kubectl(port, namespace);
        assertThat(kubectl.run("create", "namespace", namespace).exitCode()).isZero();
        apply(StatefulSetManifests.NGINX_SERVICE);
        apply(StatefulSetManifests.WEB);
        apply(LOGGER);
        apply(CRASHING);
        awaitReady("web-0");
        awaitReady("web-1");
        awaitReady("logger");
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

    @Test
    void hostnameIsEachPodsOwn() {
        for (String pod : new String[] {"web-0", "web-1"}) {
            Kubectl.Result result = kubectl.run("exec", pod, "--", "sh", "-c", "hostname");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).isEqualTo(pod + "\n");
        }
    }

    @Test
    void etcHostsAndResolvConfAreTheKubeletsWithThePodsFqdn() {
        Kubectl.Result hosts = kubectl.run("exec", "web-0", "--", "cat", "/etc/hosts", "/etc/resolv.conf");
        assertThat(hosts.exitCode()).as(hosts.toString()).isZero();
        assertThat(hosts.out()).startsWith("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n")
                .containsPattern("\n10\\.244\\.\\d+\\.\\d+\tweb-0\\.nginx\\." + namespace
                        + "\\.svc\\.cluster\\.local\tweb-0\n")
                .contains("search " + namespace + ".svc.cluster.local svc.cluster.local cluster.local\n")
                .contains("options ndots:5\n");
    }

    @Test
    void theExitCodeOfTheCommandIsKubectls() {
        Kubectl.Result result = kubectl.run("exec", "web-0", "--", "sh", "-c", "echo partial; exit 3");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.out()).isEqualTo("partial\n");
        assertThat(result.err()).contains("command terminated with exit code 3");

        Kubectl.Result unknown = kubectl.run("exec", "web-0", "--", "sh", "-c", "nosuchtool --help");
        assertThat(unknown.exitCode()).isEqualTo(127);
        assertThat(unknown.err()).contains("sh: nosuchtool: not found");
    }

    @Test
    void stdinReachesTheProcessAndItsEndEndsIt() {
        Kubectl.Result result = kubectl.run("a\nb\n".getBytes(StandardCharsets.UTF_8),
                "exec", "-i", "web-0", "--", "sh", "-c", "cat > /tmp/in; wc -l < /tmp/in");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("2\n");
    }

    @Test
    void badRequestsGetUpstreamsErrors() {
        Kubectl.Result container = kubectl.run("exec", "web-0", "-c", "bogus", "--", "ls");
        assertThat(container.exitCode()).isEqualTo(1);
        assertThat(container.err()).contains("container bogus is not valid for pod web-0");

        Kubectl.Result pod = kubectl.run("exec", "nope", "--", "ls");
        assertThat(pod.exitCode()).isEqualTo(1);
        assertThat(pod.err()).contains("pods \"nope\" not found");
    }

    @Test
    void whatWeb0WroteToItsClaimSurvivesItsRecreation() {
        Kubectl.Result write = kubectl.run("exec", "web-0", "--", "sh", "-c",
                "echo \"$(hostname)\" > /usr/share/nginx/html/index.html && echo scratch > /tmp/scratch");
        assertThat(write.exitCode()).as(write.toString()).isZero();
        String uid = kubectl.run("get", "pod", "web-0", "-o", "jsonpath={.metadata.uid}").out();

        // Not kubectl's own wait: with a stop delay of 0 the pod is gone before kubectl lists it, and
        // the StatefulSet's new web-0 can reach kubectl's watch before it checks its cache (it polls
        // every 100 ms); kubectl then waits for a deletion of the new pod that never comes. A real
        // kubelet takes longer than that to stop a pod, so clusters rarely show kubectl's race.
        assertThat(kubectl.run("delete", "pod", "web-0", "--wait=false").exitCode()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            String now = kubectl.run("get", "pod", "web-0", "-o", "jsonpath={.metadata.uid}").out();
            return !now.isEmpty() && !now.equals(uid);
        });
        awaitReady("web-0");

        Kubectl.Result read = kubectl.run("exec", "web-0", "--", "cat", "/usr/share/nginx/html/index.html");
        assertThat(read.exitCode()).as(read.toString()).isZero();
        assertThat(read.out()).isEqualTo("web-0\n");
        Kubectl.Result scratch = kubectl.run("exec", "web-0", "--", "cat", "/tmp/scratch");
        assertThat(scratch.exitCode()).isEqualTo(1);
        assertThat(scratch.err()).contains("cat: /tmp/scratch: No such file or directory");
    }

    @Test
    void cpCopiesADirectoryIntoAPodAndBack() throws Exception {
        Path local = kubectl.home().resolve("upload");
        Files.createDirectories(local.resolve("nested"));
        Files.writeString(local.resolve("a.txt"), "alpha\n");
        Files.writeString(local.resolve("nested/b.txt"), "beta\n");

        Kubectl.Result up = kubectl.run("cp", local.toString(), "web-1:/tmp/copied");
        assertThat(up.exitCode()).as(up.toString()).isZero();
        Kubectl.Result listed = kubectl.run("exec", "web-1", "--", "sh", "-c",
                "cat /tmp/copied/a.txt /tmp/copied/nested/b.txt");
        assertThat(listed.out()).isEqualTo("alpha\nbeta\n");

        kubectl.run("exec", "web-1", "--", "sh", "-c", "echo gamma > /tmp/copied/nested/c.txt");
        Path back = kubectl.home().resolve("download");
        Kubectl.Result down = kubectl.run("cp", "web-1:/tmp/copied", back.toString());
        assertThat(down.exitCode()).as(down.toString()).isZero();
        assertThat(Files.readString(back.resolve("a.txt"))).isEqualTo("alpha\n");
        assertThat(Files.readString(back.resolve("nested/b.txt"))).isEqualTo("beta\n");
        assertThat(Files.readString(back.resolve("nested/c.txt"))).isEqualTo("gamma\n");
    }

    @Test
    void logsAreWhatTheMainProcessWrote() {
        Kubectl.Result logs = kubectl.run("logs", "logger", "-c", "main");
        assertThat(logs.exitCode()).as(logs.toString()).isZero();
        assertThat(logs.out()).isEqualTo("hello from logger\nto stderr\n");

        Kubectl.Result tail = kubectl.run("logs", "logger", "-c", "main", "--tail=1", "--timestamps");
        assertThat(tail.out()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z to stderr\n");

        Kubectl.Result limited = kubectl.run("logs", "logger", "-c", "main", "--limit-bytes=5");
        assertThat(limited.out()).isEqualTo("hello");

        Kubectl.Result previous = kubectl.run("logs", "logger", "-c", "main", "--previous");
        assertThat(previous.exitCode()).isEqualTo(1);
        assertThat(previous.err()).contains("previous terminated container \"main\" in pod \"logger\" not found");
    }

    @Test
    void logsFollowSeesALineWrittenLater() throws Exception {
        // The sidecar has no command: its log is only what is written to its /proc/1/fd/1.
        Kubectl.Result empty = kubectl.run("logs", "logger", "-c", "sidecar");
        assertThat(empty.exitCode()).as(empty.toString()).isZero();
        assertThat(empty.out()).isEmpty();
        Path output = kubectl.home().resolve("follow.log");
        Process follow = kubectl.start(output, "logs", "-f", "logger", "-c", "sidecar");
        try {
            Kubectl.Result write = kubectl.run("exec", "logger", "-c", "sidecar", "--", "sh", "-c",
                    "echo a later line > /proc/1/fd/1");
            assertThat(write.exitCode()).as(write.toString()).isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(output).contains("a later line\n"));
            assertThat(follow.isAlive()).isTrue();
        } finally {
            follow.destroy();
        }
    }

    @Test
    void previousIsTheLogOfTheInstanceBeforeTheRestart() {
        await().atMost(Duration.ofSeconds(60)).until(() -> !kubectl.run("get", "pod", "crashing", "-o",
                "jsonpath={.status.containerStatuses[0].restartCount}").out().matches("0?"));
        Kubectl.Result previous = kubectl.run("logs", "crashing", "--previous");
        assertThat(previous.exitCode()).as(previous.toString()).isZero();
        assertThat(previous.out()).isEqualTo("attempt in crashing\n");
    }
}
