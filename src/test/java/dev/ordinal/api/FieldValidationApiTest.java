package dev.ordinal.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/** fieldValidation and apply options over HTTP, where kubectl does not go. */
@ServerTest
class FieldValidationApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CONFIG_MAPS = "/api/v1/namespaces/default/configmaps";

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String configMap(String name, String extra) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"data\":{\"a\":\"1\"}" + extra + "}";
    }

    @Test
    void withoutTheParameterUnknownFieldsWarnAndAreNotStored() throws Exception {
        HttpResponse<String> response = send("POST", CONFIG_MAPS, "application/json",
                configMap("warned", ",\"bogus\":1,\"data\":{\"b\":\"2\"}"));
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().allValues("Warning")).containsExactly(
                "299 - \"unknown field \\\"bogus\\\"\"", "299 - \"duplicate field \\\"data\\\"\"");
        JsonNode stored = JSON.readTree(send("GET", CONFIG_MAPS + "/warned", null, null).body());
        assertThat(stored.has("bogus")).isFalse();
        assertThat(stored.path("data").toString()).isEqualTo("{\"b\":\"2\"}");
    }

    @Test
    void ignoreDropsUnknownFieldsSilently() throws Exception {
        HttpResponse<String> response = send("POST", CONFIG_MAPS + "?fieldValidation=Ignore", "application/json",
                configMap("ignored", ",\"bogus\":1"));
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().allValues("Warning")).isEmpty();
        assertThat(JSON.readTree(response.body()).has("bogus")).isFalse();
    }

    @Test
    void strictPatchesFailWithThePatchedObject() throws Exception {
        send("POST", CONFIG_MAPS, "application/json", configMap("patched", ""));
        HttpResponse<String> response = send("PATCH", CONFIG_MAPS + "/patched?fieldValidation=Strict",
                "application/merge-patch+json", "{\"bogus\":1}");
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode status = JSON.readTree(response.body());
        assertThat(status.path("message").asString()).startsWith(" \"\" is invalid: patch: Invalid value: \"{")
                .endsWith("\": strict decoding error: unknown field \"bogus\"");
    }

    @Test
    void anUnknownDirectiveIsInvalid() throws Exception {
        HttpResponse<String> response = send("POST", CONFIG_MAPS + "?fieldValidation=Loose", "application/json",
                configMap("loose", ""));
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(response.body()).path("message").asString()).isEqualTo(
                "CreateOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: \"Loose\": "
                        + "supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"");
    }

    @Test
    void applyNeedsAFieldManagerAndForceOnlyGoesWithApply() throws Exception {
        HttpResponse<String> unnamed = send("PATCH", CONFIG_MAPS + "/applied", "application/apply-patch+yaml",
                configMap("applied", ""));
        assertThat(unnamed.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(unnamed.body()).path("message").asString()).isEqualTo(
                "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");

        HttpResponse<String> created = send("PATCH", CONFIG_MAPS + "/applied?fieldManager=tester",
                "application/apply-patch+yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: applied}\n"
                        + "data: {a: '1'}\n");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).at("/metadata/managedFields/0/manager").asString())
                .isEqualTo("tester");

        HttpResponse<String> forced = send("PATCH", CONFIG_MAPS + "/applied?force=true",
                "application/merge-patch+json", "{}");
        assertThat(forced.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(forced.body()).path("message").asString()).isEqualTo(
                "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch");
    }
}
