package dev.ordinal.it.kubectl;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * The network side of stepping into pods with kubectl: port-forward to a declared container port
 * serving the pod's web root (the dispatcher's client through the SPDY WebSocket tunnel,
 * kubectl 1.27 by a direct SPDY upgrade, kubectl 1.33), exec over SPDY (kubectl 1.27), the
 * StatefulSet tutorial's stable-storage demonstration seen through port-forward, curl and wget
 * from one pod to another, and the kubelet's error for a port nothing listens on.
 */
@ServerTest
@TestPropertySource(properties = {
        "ordinal.kubelet.start-delay=0", "ordinal.kubelet.ready-delay=0", "ordinal.kubelet.stop-delay=0"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlPortForwardIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @LocalServerPort
    int port;

    private Kubectl kubectl;
    private String namespace;

    @BeforeAll
    void createPods() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        namespace = "pf-" + UUID.randomUUID().toString().substring(0, 8);
        kubectl = new Kubectl(port, namespace);
        assertThat(kubectl.run("create", "namespace", namespace).exitCode()).isZero();
        Path file = kubectl.file("web.yaml", StatefulSetManifests.NGINX_SERVICE + "---\n" + StatefulSetManifests.WEB);
        Kubectl.Result applied = kubectl.run("apply", "-f", file.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
        awaitReady("web-0");
        awaitReady("web-1");
        Kubectl.Result write = kubectl.run("exec", "web-0", "--", "sh", "-c",
                "echo \"$(hostname)\" > /usr/share/nginx/html/index.html");
        assertThat(write.exitCode()).as(write.toString()).isZero();
    }

    private void awaitReady(String pod) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Kubectl.Result ready = kubectl.run("wait", "--for=condition=Ready", "pod/" + pod, "--timeout=30s");
            assertThat(ready.exitCode()).as(ready.toString()).isZero();
        });
    }

    private Kubectl versioned(int minor) {
        Path binary = Kubectl.installedVersions().stream().filter(path -> Kubectl.minor(path) == minor)
                .findFirst().orElse(null);
        assumeTrue(binary != null, "kubectl.1." + minor + " is not installed");
        return new Kubectl(binary.toString(), port, namespace);
    }

    /** What GET {@code path} through {@code kubectl port-forward pod/web-0 <local>:80} answers. */
    private HttpResponse<String> throughPortForward(Kubectl client, String path) throws Exception {
        int local = freePort();
        Path output = client.home().resolve("port-forward-" + local + ".out");
        Process forward = client.start(output, "port-forward", "pod/web-0", local + ":80");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(output).contains("Forwarding from"));
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } finally {
            forward.destroy();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void portForwardServesThePodsIndexWithEveryKubectl() throws Exception {
        for (Kubectl client : new Kubectl[] {kubectl, versioned(27), versioned(33)}) {
            HttpResponse<String> index = throughPortForward(client, "/");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).isEqualTo("web-0\n");
            assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html");
        }
        HttpResponse<String> missing = throughPortForward(kubectl, "/nope.html");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("404 Not Found");
    }

    @Test
    void whatWeb0ServesSurvivesItsRecreation() throws Exception {
        String uid = kubectl.run("get", "pod", "web-0", "-o", "jsonpath={.metadata.uid}").out();
        assertThat(kubectl.run("delete", "pod", "web-0", "--wait=false").exitCode()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            String now = kubectl.run("get", "pod", "web-0", "-o", "jsonpath={.metadata.uid}").out();
            return !now.isEmpty() && !now.equals(uid);
        });
        awaitReady("web-0");
        assertThat(throughPortForward(kubectl, "/").body()).isEqualTo("web-0\n");
        Kubectl.Result curl = kubectl.run("exec", "web-1", "--", "curl", "-s", "web-0.nginx");
        assertThat(curl.exitCode()).as(curl.toString()).isZero();
        assertThat(curl.out()).isEqualTo("web-0\n");
    }

    @Test
    void execOverSpdyWithKubectl127() {
        Kubectl old = versioned(27);
        Kubectl.Result hostname = old.run("exec", "web-0", "--", "hostname");
        assertThat(hostname.exitCode()).as(hostname.toString()).isZero();
        assertThat(hostname.out()).isEqualTo("web-0\n");
        Kubectl.Result failing = old.run("exec", "web-0", "--", "sh", "-c", "echo partial; exit 3");
        assertThat(failing.exitCode()).as(failing.toString()).isEqualTo(3);
        assertThat(failing.out()).isEqualTo("partial\n");
        assertThat(failing.err()).contains("command terminated with exit code 3");
        Kubectl.Result stdin = old.run("a\nb\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "exec", "-i", "web-0", "--", "wc", "-l");
        assertThat(stdin.exitCode()).as(stdin.toString()).isZero();
        assertThat(stdin.out().trim()).isEqualTo("2");
    }

    @Test
    void curlAndWgetReachOtherPodsByName() {
        Kubectl.Result curl = kubectl.run("exec", "web-1", "--", "curl", "-s", "http://web-0.nginx/");
        assertThat(curl.exitCode()).as(curl.toString()).isZero();
        assertThat(curl.out()).isEqualTo("web-0\n");
        Kubectl.Result wget = kubectl.run("exec", "web-1", "--", "wget", "-qO-", "web-0.nginx");
        assertThat(wget.exitCode()).as(wget.toString()).isZero();
        assertThat(wget.out()).isEqualTo("web-0\n");

        Kubectl.Result notFound = kubectl.run("exec", "web-1", "--", "curl", "-sf", "web-0.nginx/nope");
        assertThat(notFound.exitCode()).isEqualTo(22);
        Kubectl.Result refused = kubectl.run("exec", "web-1", "--", "curl", "-sS", "web-0.nginx:8080");
        assertThat(refused.exitCode()).isEqualTo(7);
        assertThat(refused.err()).contains("Failed to connect to web-0.nginx port 8080");
        Kubectl.Result wgetMissing = kubectl.run("exec", "web-1", "--", "wget", "-qO-", "web-0.nginx/nope");
        assertThat(wgetMissing.exitCode()).isEqualTo(1);
        assertThat(wgetMissing.err()).contains("wget: server returned error: HTTP/1.1 404 Not Found");
    }

    @Test
    void aPortTheContainerDoesNotDeclareIsRefusedAsTheKubeletReportsIt() throws Exception {
        int local = freePort();
        Path output = kubectl.home().resolve("refused.out");
        Process forward = kubectl.start(output, "port-forward", "pod/web-0", local + ":8080");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(output).contains("Forwarding from"));
            try {
                HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local + "/"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException expected) {
                // the forwarded connection is closed without an answer
            }
            Path stderr = kubectl.home().resolve("stderr.log");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(stderr)
                    && Files.readString(stderr).contains("error forwarding port 8080 to pod "));
            assertThat(Files.readString(stderr)).contains("an error occurred forwarding " + local + " -> 8080")
                    .contains(", uid : failed to execute portforward in network namespace")
                    .contains("connect: connection refused");
        } finally {
            forward.destroy();
        }
    }
}
