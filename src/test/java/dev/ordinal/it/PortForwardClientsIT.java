package dev.ordinal.it;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.kubernetes.client.PortForward;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Java clients' port-forward over the kubelet's WebSocket channel protocol
 * ({@code v4.channel.k8s.io}): fabric8's local port and client-java's {@code PortForward} reach
 * a declared port of a running nginx container and get its web root's index.html.
 */
@ServerTest
@TestPropertySource(properties = {
        "ordinal.kubelet.start-delay=0", "ordinal.kubelet.ready-delay=0", "ordinal.kubelet.stop-delay=0"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class PortForwardClientsIT {

    private static final String REQUEST = "GET / HTTP/1.1\r\nHost: web-0\r\nConnection: close\r\n\r\n";

    @LocalServerPort
    int port;

    private KubernetesClient fabric8;
    private String namespace;

    @BeforeAll
    void createPod() {
        fabric8 = Clients.fabric8(port);
        namespace = Clients.uniqueName("forward");
        fabric8.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                .build()).create();
        Pod pod = new PodBuilder().withNewMetadata().withName("web-0").endMetadata()
                .withNewSpec().addNewContainer().withName("nginx").withImage("nginx:1.27")
                .addNewPort().withContainerPort(80).endPort()
                .endContainer().endSpec().build();
        fabric8.pods().inNamespace(namespace).resource(pod).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> "Running".equals(
                fabric8.pods().inNamespace(namespace).withName("web-0").get().getStatus().getPhase()));
    }

    @AfterAll
    void close() {
        fabric8.close();
    }

    @Test
    void fabric8PortForwardFetchesThePage() throws Exception {
        try (LocalPortForward forward = fabric8.pods().inNamespace(namespace).withName("web-0").portForward(80);
             Socket socket = new Socket("127.0.0.1", forward.getLocalPort())) {
            socket.getOutputStream().write(REQUEST.getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").contains("Server: nginx\r\n")
                    .contains("<title>Welcome to nginx!</title>");
        }
    }

    @Test
    void clientJavaPortForwardFetchesThePage() throws Exception {
        ApiClient client = new ClientBuilder().setBasePath(Clients.url(port)).setReadTimeout(Duration.ZERO).build();
        PortForward.PortForwardResult result = new PortForward(client).forward(namespace, "web-0", List.of(80));
        OutputStream toPod = result.getOutboundStream(80);
        InputStream fromPod = result.getInputStream(80);
        toPod.write(REQUEST.getBytes(StandardCharsets.US_ASCII));
        toPod.flush();
        String answer = new String(fromPod.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").contains("<h1>Welcome to nginx!</h1>");
    }
}
