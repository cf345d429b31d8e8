package dev.ordinal.registry.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.testing.ServerTest;

/** The StatefulSet strategy as a client meets it through the REST API. */
@ServerTest
class StatefulSetApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLLECTION = "/apis/apps/v1/namespaces/default/statefulsets";

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void createReturnsTheDefaultedSet() throws Exception {
        HttpResponse<String> response = send("POST", COLLECTION, statefulSet("api-defaults", ""));

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode created = JSON.readTree(response.body());
        assertThat(created.at("/metadata/generation").asLong()).isEqualTo(1);
        assertThat(created.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(created.at("/spec/podManagementPolicy").asString()).isEqualTo("OrderedReady");
        assertThat(created.at("/spec/updateStrategy")).isEqualTo(JSON.readTree("""
                {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}
                """));
        assertThat(created.at("/spec/template/spec/containers/0/imagePullPolicy").asString()).isEqualTo("Always");
        assertThat(created.at("/spec/template/spec/restartPolicy").asString()).isEqualTo("Always");
        assertThat(created.at("/status")).isEqualTo(JSON.readTree("{\"replicas\": 0, \"availableReplicas\": 0}"));

        JsonNode fetched = JSON.readTree(send("GET", COLLECTION + "/api-defaults", null).body());
        assertThat(fetched.get("spec")).isEqualTo(created.get("spec"));
    }

    @Test
    void anInvalidSetIsRejectedWithItsCauses() throws Exception {
        HttpResponse<String> response = send("POST", COLLECTION,
                statefulSet("api-invalid", "\"replicas\": -1, \"selector\": {\"matchLabels\": {\"app\": \"other\"}}"));

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode status = JSON.readTree(response.body());
        assertThat(status.get("kind").asString()).isEqualTo("Status");
        assertThat(status.get("reason").asString()).isEqualTo("Invalid");
        assertThat(status.get("message").asString()).isEqualTo("StatefulSet.apps \"api-invalid\" is invalid: ["
                + "spec.replicas: Invalid value: -1: must be greater than or equal to 0, "
                + "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"api-invalid\"}: "
                + "`selector` does not match template `labels`]");
        assertThat(status.at("/details/kind").asString()).isEqualTo("StatefulSet");
        assertThat(status.at("/details/group").asString()).isEqualTo("apps");
        assertThat(causes(status)).containsExactly(
                tuple("FieldValueInvalid", "spec.replicas", "Invalid value: -1: must be greater than or equal to 0"),
                tuple("FieldValueInvalid", "spec.template.metadata.labels",
                        "Invalid value: map[string]string{\"app\":\"api-invalid\"}: "
                                + "`selector` does not match template `labels`"));
        assertThat(send("GET", COLLECTION + "/api-invalid", null).statusCode()).isEqualTo(404);
    }

    @Test
    void anUpdateOfAnImmutableFieldIsForbidden() throws Exception {
        ObjectNode created = (ObjectNode) JSON.readTree(send("POST", COLLECTION,
                statefulSet("api-immutable", "")).body());
        ((ObjectNode) created.get("spec")).put("serviceName", "elsewhere");
        // Unconditional, so the controller's own status writes cannot turn this into a conflict.
        ((ObjectNode) created.get("metadata")).remove("resourceVersion");

        HttpResponse<String> response = send("PUT", COLLECTION + "/api-immutable", created.toString());

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(causes(JSON.readTree(response.body()))).containsExactly(tuple("FieldValueForbidden", "spec",
                "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
                        + "'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
    }

    @Test
    void aStatusWriteIsValidated() throws Exception {
        ObjectNode created = (ObjectNode) JSON.readTree(send("POST", COLLECTION,
                statefulSet("api-status", "")).body());
        // collisionCount as the controller keeps it: leaving it out would decrement it, which is invalid too.
        created.set("status", JSON.readTree("{\"replicas\": 1, \"readyReplicas\": 2, \"collisionCount\": 0}"));
        ((ObjectNode) created.get("metadata")).remove("resourceVersion");

        HttpResponse<String> response = send("PUT", COLLECTION + "/api-status/status", created.toString());

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(causes(JSON.readTree(response.body()))).containsExactly(tuple("FieldValueInvalid",
                "status.readyReplicas", "Invalid value: 2: cannot be greater than status.replicas"));
    }

    private static String statefulSet(String name, String specFields) {
        return """
                {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "%1$s"},
                 "spec": {"selector": {"matchLabels": {"app": "%1$s"}}, "serviceName": "%1$s",
                  "template": {"metadata": {"labels": {"app": "%1$s"}},
                   "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}%2$s}}
                """.formatted(name, specFields.isEmpty() ? "" : ", " + specFields);
    }

    private static List<org.assertj.core.groups.Tuple> causes(JsonNode status) {
        List<org.assertj.core.groups.Tuple> causes = new ArrayList<>();
        status.at("/details/causes").forEach(cause -> causes.add(tuple(cause.get("reason").asString(),
                cause.get("field").asString(), cause.get("message").asString())));
        return causes;
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
