package dev.ordinal.it;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The pods' streaming subresources as raw HTTP and WebSocket clients see them: discovery, the
 * checks made before any upgrade and their Status answers, the subprotocols a client may offer
 * (base64 frames, the binary v1 protocol without a header, the 403 of one not served), a
 * terminal's resize, and the log's validation and container states.
 */
@ServerTest
@TestPropertySource(properties = {
        "ordinal.kubelet.start-delay=0", "ordinal.kubelet.ready-delay=0", "ordinal.kubelet.stop-delay=0"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodStreamingHttpIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private String pods;

    @BeforeAll
    void createPods() throws Exception {
        String namespace = Clients.uniqueName("raw-streaming");
        send("POST", "/api/v1/namespaces", "{\"metadata\": {\"name\": \"" + namespace + "\"}}");
        pods = "/api/v1/namespaces/" + namespace + "/pods";
        send("POST", pods, """
                {"metadata": {"name": "multi"}, "spec": {"containers": [
                  {"name": "a", "image": "busybox:1.36"}, {"name": "b", "image": "busybox:1.36"}]}}""");
        send("POST", pods, """
                {"metadata": {"name": "unplaced", "annotations": {"ordinal.dev/unschedulable": "true"}},
                 "spec": {"containers": [{"name": "app", "image": "busybox:1.36"}]}}""");
        send("POST", pods, """
                {"metadata": {"name": "creating", "annotations": {"ordinal.dev/start-delay": "1h"}},
                 "spec": {"containers": [{"name": "app", "image": "busybox:1.36"}]}}""");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                get(pods + "/multi").path("status").path("phase").asString("").equals("Running")
                        && get(pods + "/creating").path("status").has("containerStatuses"));
    }

    @Test
    void discoveryListsLogExecAndAttach() throws Exception {
        List<String> subresources = new ArrayList<>();
        for (JsonNode resource : get("/api/v1").path("resources")) {
            String name = resource.path("name").asString("");
            if (List.of("pods/log", "pods/exec", "pods/attach").contains(name)) {
                subresources.add(name + " " + resource.path("kind").asString("") + " " + resource.path("verbs"));
            }
        }
        assertThat(subresources).containsExactly("pods/attach PodAttachOptions [\"create\",\"get\"]",
                "pods/exec PodExecOptions [\"create\",\"get\"]", "pods/log Pod [\"get\"]");
    }

    @Test
    void execChecksThePodTheContainerAndTheNodeBeforeAnyUpgrade() throws Exception {
        HttpResponse<String> plain = send("GET", pods + "/multi/exec?command=ls&container=a&stdout=1", null);
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.body()).contains("\"message\":\"Upgrade request required\"");

        assertThat(handshakeStatus(pods + "/nope/exec?command=ls&stdout=1", "v5.channel.k8s.io")).isEqualTo(404);
        assertThat(handshakeStatus(pods + "/multi/exec?command=ls&stdout=1", "v5.channel.k8s.io")).isEqualTo(400);
        assertThat(handshakeStatus(pods + "/unplaced/exec?command=ls&container=app&stdout=1", "v5.channel.k8s.io"))
                .isEqualTo(400);
        assertThat(upgrade(pods + "/multi/exec?command=ls&stdout=1"))
                .startsWith("HTTP/1.1 400").contains("a container name must be specified for pod multi, choose one of: [a b]");
        assertThat(upgrade(pods + "/unplaced/exec?command=ls&stdout=1"))
                .startsWith("HTTP/1.1 400").contains("pod unplaced does not have a host assigned");
    }

    @Test
    void aSubprotocolNotServedOverWebSocketIsForbidden() {
        assertThat(handshakeStatus(pods + "/multi/exec?command=ls&container=a&stdout=1", "v3.channel.k8s.io"))
                .isEqualTo(403);
    }

    @Test
    void base64FramesCarryStdinStdoutAndTheStatus() throws Exception {
        Session session = open(pods + "/multi/exec?command=sh&command=-c&command=read+x;+echo+got+$x"
                + "&container=a&stdin=true&stdout=true", "v4.base64.channel.k8s.io");
        session.socket.sendText("0" + Base64.getEncoder().encodeToString("hello\n".getBytes(StandardCharsets.UTF_8)),
                true).get(10, TimeUnit.SECONDS);
        session.closed.get(20, TimeUnit.SECONDS);
        assertThat(session.socket.getSubprotocol()).isEqualTo("v4.base64.channel.k8s.io");
        assertThat(session.texts).containsExactly("1", "1" + base64("got hello\n"),
                "3" + base64("{\"metadata\":{},\"status\":\"Success\"}"));
    }

    @Test
    void aTerminalTakesTheSizeSentOnTheResizeChannel() throws Exception {
        Session session = open(pods + "/multi/exec?command=sh&command=-c&command=read+x;+stty+size"
                + "&container=a&stdin=true&stdout=true&tty=true", "v5.channel.k8s.io");
        session.socket.sendBinary(frame(4, "{\"Width\":100,\"Height\":30}"), true).get(10, TimeUnit.SECONDS);
        session.socket.sendBinary(frame(0, "\r"), true).get(10, TimeUnit.SECONDS);
        session.closed.get(20, TimeUnit.SECONDS);
        StringBuilder stdout = new StringBuilder();
        session.binaries.stream().filter(message -> message[0] == 1)
                .forEach(message -> stdout.append(new String(message, 1, message.length - 1, StandardCharsets.UTF_8)));
        assertThat(stdout.toString()).isEqualTo("\r\n30 100\r\n");
    }

    private static ByteBuffer frame(int channel, String data) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(bytes.length + 1).put((byte) channel).put(bytes).flip();
    }

    @Test
    void withoutASubprotocolOnlyAFailureIsReportedAsText() throws Exception {
        Session session = open(pods + "/multi/exec?command=sh&command=-c&command=exit+3&container=a&stderr=true",
                null);
        session.closed.get(20, TimeUnit.SECONDS);
        assertThat(session.binaries).hasSize(2);
        assertThat(session.binaries.get(0)).containsExactly(2);
        assertThat(new String(session.binaries.get(1), StandardCharsets.UTF_8))
                .isEqualTo("\3command terminated with non-zero exit code: error executing command [sh, -c, exit 3], "
                        + "exit code 3");
    }

    @Test
    void aContainerNotRunningIsNotFoundOnTheErrorChannel() throws Exception {
        Session session = open(pods + "/creating/exec?command=ls&stdout=true", "v5.channel.k8s.io");
        session.closed.get(20, TimeUnit.SECONDS);
        JsonNode status = JSON.readTree(new String(session.binaries.get(1), 1, session.binaries.get(1).length - 1,
                StandardCharsets.UTF_8));
        assertThat(status.path("reason").asString()).isEqualTo("InternalError");
        assertThat(status.path("message").asString())
                .isEqualTo("Internal error occurred: unable to upgrade connection: container not found (\"app\")");
    }

    @Test
    void logOptionsAndContainerStatesGetUpstreamsAnswers() throws Exception {
        HttpResponse<String> negative = send("GET", pods + "/multi/log?container=a&tailLines=-1", null);
        assertThat(negative.statusCode()).isEqualTo(422);
        assertThat(negative.body()).contains("must be greater than or equal to 0");
        HttpResponse<String> both = send("GET", pods + "/multi/log?container=a&sinceSeconds=5"
                + "&sinceTime=2025-01-01T00:00:00Z", null);
        assertThat(both.statusCode()).isEqualTo(422);
        assertThat(both.body()).contains("at most one of `sinceTime` or `sinceSeconds` may be specified");

        assertThat(send("GET", pods + "/unplaced/log", null).statusCode()).isEqualTo(204);
        HttpResponse<String> waiting = send("GET", pods + "/creating/log", null);
        assertThat(waiting.statusCode()).isEqualTo(400);
        assertThat(waiting.body()).contains("container \\\"app\\\" in pod \\\"creating\\\" is waiting to start: "
                + "ContainerCreating");
        HttpResponse<String> unknown = send("GET", pods + "/multi/log?container=c", null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("container c is not valid for pod multi");

        HttpResponse<String> log = send("GET", pods + "/multi/log?container=b&pretty=false", null);
        assertThat(log.statusCode()).isEqualTo(200);
        assertThat(log.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/plain"));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A WebSocket session's received messages, binary and text, and its end. */
    private static final class Session implements WebSocket.Listener {
        final List<byte[]> binaries = new ArrayList<>();
        final List<String> texts = new ArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket socket;

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binaries.add(bytes);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            texts.add(data.toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }
    }

    private Session open(String path, String protocol) throws Exception {
        Session session = new Session();
        WebSocket.Builder builder = http.newWebSocketBuilder();
        if (protocol != null) {
            builder.subprotocols(protocol);
        }
        session.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + path), session)
                .get(20, TimeUnit.SECONDS);
        return session;
    }

    private int handshakeStatus(String path, String protocol) {
        Throwable failure = null;
        try {
            open(path, protocol).socket.abort();
        } catch (Exception e) {
            failure = e;
        }
        assertThat(failure).isNotNull();
        Throwable cause = failure instanceof CompletionException || failure.getCause() != null
                ? failure.getCause() : failure;
        assertThat(cause).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) cause).getResponse().statusCode();
    }

    private JsonNode get(String path) throws Exception {
        return JSON.readTree(send("GET", path, null).body());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The whole answer to a WebSocket upgrade request that is refused (the JDK's clients may not send one). */
    private String upgrade(String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n"
                    + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            byte[] buffer = new byte[8192];
            int n = socket.getInputStream().read(buffer);
            return new String(buffer, 0, Math.max(n, 0), StandardCharsets.UTF_8);
        }
    }
}
