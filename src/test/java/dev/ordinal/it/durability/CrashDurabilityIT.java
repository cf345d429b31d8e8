package dev.ordinal.it.durability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Nothing acknowledged is lost when the server is killed outright: the packaged server runs with
 * its default file database, answers a burst of creates, gets SIGKILL right after the last
 * answer, and after a restart every acknowledged object is there with its resourceVersion.
 */
class CrashDurabilityIT {

    private static final Path JAR = Path.of("target", "ordinal.jar");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private Process server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroyForcibly();
        }
    }

    @Test
    void acknowledgedWritesSurviveSigkill() throws Exception {
        assumeTrue(Files.exists(JAR), "the packaged server is built in the package phase");
        Path work = Files.createTempDirectory("ordinal-crash");
        int port = freePort();

        server = start(work, port);
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> created = send("POST", port, "/api/v1/namespaces/default/configmaps",
                    "{\"metadata\":{\"name\":\"c" + i + "\"},\"data\":{\"i\":\"" + i + "\"}}");
            assertThat(created.statusCode()).isEqualTo(201);
            acknowledged.add("c" + i + "@" + JSON.readTree(created.body()).at("/metadata/resourceVersion").asString());
        }
        server.destroyForcibly().waitFor();

        server = start(work, port);
        JsonNode list = JSON.readTree(send("GET", port, "/api/v1/namespaces/default/configmaps", null).body());
        List<String> survived = new ArrayList<>();
        list.get("items").forEach(item -> survived.add(item.at("/metadata/name").asString() + "@"
                + item.at("/metadata/resourceVersion").asString()));
        assertThat(survived).containsAll(acknowledged);
    }

    private Process start(Path work, int port) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-jar", JAR.toAbsolutePath().toString(),
                "--server.port=" + port, "--ordinal.dns.port=0",
                "--ordinal.kubeconfig=" + work.resolve("kubeconfig"))
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("server-" + System.nanoTime() + ".log").toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (send("GET", port, "/readyz", null).statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new AssertionError("the server did not become ready in 90 s");
    }

    private HttpResponse<String> send(String method, int port, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
