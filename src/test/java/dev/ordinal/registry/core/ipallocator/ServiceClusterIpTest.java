package dev.ordinal.registry.core.ipallocator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.testing.ServerTest;

/** Cluster IPs as a client meets them through the REST API. */
@ServerTest
class ServiceClusterIpTest {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String SERVICES = "/api/v1/namespaces/default/services";

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aCreatedServiceGetsAClusterIpFromTheServiceCidr() throws Exception {
        JsonNode created = JSON.readTree(send("POST", SERVICES, service("ip-auto", "")).body());

        String clusterIp = created.at("/spec/clusterIP").asString();
        assertThat(clusterIp).startsWith("10.");
        assertThat(created.at("/spec/clusterIPs").toString()).isEqualTo("[\"" + clusterIp + "\"]");
        assertThat(created.at("/spec/ipFamilies").toString()).isEqualTo("[\"IPv4\"]");
        assertThat(created.at("/spec/ipFamilyPolicy").asString()).isEqualTo("SingleStack");
    }

    @Test
    void aRequestedIpMustBeInTheRangeAndFree() throws Exception {
        HttpResponse<String> outside = send("POST", SERVICES, service("ip-outside", "\"clusterIP\": \"10.0.0.1\","));
        assertThat(outside.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(outside.body()).path("message").asString()).isEqualTo(
                "Service \"ip-outside\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.0.0.1\"}: "
                        + "failed to allocate IP 10.0.0.1: provided IP is not in the valid range. "
                        + "The range of valid IPs is 10.96.0.0/12");

        assertThat(send("POST", SERVICES, service("ip-first", "\"clusterIP\": \"10.96.0.40\",")).statusCode())
                .isEqualTo(201);
        HttpResponse<String> taken = send("POST", SERVICES, service("ip-second", "\"clusterIP\": \"10.96.0.40\","));
        assertThat(taken.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(taken.body()).path("message").asString()).isEqualTo(
                "Service \"ip-second\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.0.40\"}: "
                        + "failed to allocate IP 10.96.0.40: provided IP is already allocated");

        assertThat(send("DELETE", SERVICES + "/ip-first", null).statusCode()).isEqualTo(200);
        assertThat(send("POST", SERVICES, service("ip-second", "\"clusterIP\": \"10.96.0.40\",")).statusCode())
                .isEqualTo(201);
    }

    @Test
    void aClusterIpCannotChange() throws Exception {
        ObjectNode created = (ObjectNode) JSON.readTree(send("POST", SERVICES, service("ip-fixed", "")).body());
        String clusterIp = created.at("/spec/clusterIP").asString();
        ((ObjectNode) created.get("spec")).put("clusterIP", "10.96.0.41").putArray("clusterIPs").add("10.96.0.41");

        HttpResponse<String> changed = send("PUT", SERVICES + "/ip-fixed", created.toString());

        assertThat(changed.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(changed.body()).path("message").asString())
                .contains("spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.41\"}: may not change once set");
        assertThat(JSON.readTree(send("GET", SERVICES + "/ip-fixed", null).body()).at("/spec/clusterIP").asString())
                .isEqualTo(clusterIp);
    }

    @Test
    void headlessAndExternalNameServicesGetNoClusterIp() throws Exception {
        JsonNode headless = JSON.readTree(send("POST", SERVICES, service("ip-none", "\"clusterIP\": \"None\",")).body());
        JsonNode external = JSON.readTree(send("POST", SERVICES, """
                {"metadata": {"name": "ip-external"},
                 "spec": {"type": "ExternalName", "externalName": "db.example.com"}}""").body());

        assertThat(headless.at("/spec/clusterIPs").toString()).isEqualTo("[\"None\"]");
        assertThat(external.at("/spec").has("clusterIP")).isFalse();
    }

    private static String service(String name, String spec) {
        return """
                {"metadata": {"name": "%s"},
                 "spec": {%s "selector": {"app": "%s"}, "ports": [{"port": 80}]}}""".formatted(name, spec, name);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
