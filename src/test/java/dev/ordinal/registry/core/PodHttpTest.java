package dev.ordinal.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.testing.ServerTest;

/** Pods over HTTP: the pod field selectors and graceful deletion, as a client sees them. */
@ServerTest
class PodHttpTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String namespace = "pods-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void createNamespace() throws Exception {
        assertThat(send("POST", "/api/v1/namespaces", "{\"metadata\": {\"name\": \"" + namespace + "\"}}")
                .statusCode()).isEqualTo(201);
    }

    @Test
    void listsPodsByPhaseAndNode() throws Exception {
        createPod("web-0", "node-1");
        createPod("web-1", "");
        ObjectNode running = (ObjectNode) JSON.readTree(send("GET", pods() + "/web-0", null).body());
        running.withObjectProperty("status").put("phase", "Running");
        assertThat(send("PUT", pods() + "/web-0/status", running.toString()).statusCode()).isEqualTo(200);

        assertThat(names("status.phase=Running")).containsExactly("web-0");
        assertThat(names("status.phase=Pending")).containsExactly("web-1");
        assertThat(names("spec.nodeName=node-1")).containsExactly("web-0");
        assertThat(names("spec.nodeName=")).containsExactly("web-1");
        assertThat(names("spec.nodeName!=,status.phase!=Pending")).containsExactly("web-0");
    }

    @Test
    void refusesAFieldPodsDoNotHave() throws Exception {
        HttpResponse<String> response = send("GET", pods() + "?fieldSelector=" + encode("spec.image=nginx"), null);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode status = JSON.readTree(response.body());
        assertThat(status.get("reason").asString()).isEqualTo("BadRequest");
        assertThat(status.get("message").asString()).isEqualTo("field label not supported: spec.image");
    }

    @Test
    void aScheduledPodTerminatesForItsGracePeriodUnlessForced() throws Exception {
        createPod("web-0", "node-1");

        JsonNode terminating = JSON.readTree(send("DELETE", pods() + "/web-0", null).body());
        assertThat(terminating.at("/metadata/deletionGracePeriodSeconds").asLong()).isEqualTo(30);
        assertThat(terminating.at("/metadata/deletionTimestamp").asString()).isNotEmpty();
        assertThat(send("GET", pods() + "/web-0", null).statusCode()).isEqualTo(200);

        assertThat(send("DELETE", pods() + "/web-0", "{\"gracePeriodSeconds\": 0}").statusCode()).isEqualTo(200);
        assertThat(send("GET", pods() + "/web-0", null).statusCode()).isEqualTo(404);
    }

    @Test
    void anUnscheduledPodGoesAtOnce() throws Exception {
        createPod("web-0", "");

        assertThat(send("DELETE", pods() + "/web-0", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", pods() + "/web-0", null).statusCode()).isEqualTo(404);
    }

    /**
     * A pod on a node no simulated kubelet runs, or, without a node, one for a scheduler that
     * does not exist, so that neither the scheduler nor the kubelet changes what the test set.
     */
    private void createPod(String name, String nodeName) throws Exception {
        String pod = """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "%s"},
                 "spec": {"nodeName": "%s", "schedulerName": "manual",
                          "containers": [{"name": "nginx", "image": "nginx:1.25"}]}}
                """.formatted(name, nodeName);
        HttpResponse<String> response = send("POST", pods(), pod);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private List<String> names(String fieldSelector) throws Exception {
        HttpResponse<String> response = send("GET", pods() + "?fieldSelector=" + encode(fieldSelector), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        JSON.readTree(response.body()).get("items").forEach(item -> names.add(item.at("/metadata/name").asString()));
        return names;
    }

    private String pods() {
        return "/api/v1/namespaces/" + namespace + "/pods";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
