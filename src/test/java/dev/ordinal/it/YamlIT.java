package dev.ordinal.it;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/** YAML in and out, and the Status a client gets for a body the server cannot read. */
@ServerTest
@Timeout(60)
class YamlIT {

    private static final String STATEFUL_SET = """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: web
              labels: {app: nginx}
            spec:
              serviceName: nginx
              replicas: 2
              selector:
                matchLabels: {app: nginx}
              template:
                metadata:
                  labels: {app: nginx}
                spec:
                  containers:
                  - name: nginx
                    image: registry.k8s.io/nginx-slim:0.24
            """;

    @LocalServerPort
    int port;

    private Http http;
    private String namespace;

    @BeforeEach
    void namespace() {
        http = new Http(port);
        namespace = http.namespace("yaml");
    }

    /** Every namespace holds the cluster's root CA ConfigMap, as on a real cluster; the tests' own are the rest. */
    private static final String WITHOUT_ROOT_CA = "?fieldSelector=metadata.name%21%3Dkube-root-ca.crt";

    @Test
    void statefulSetPostedAsYamlIsCreatedAndReadBackAsYaml() {
        String statefulSets = "/apis/apps/v1/namespaces/" + namespace + "/statefulsets";
        HttpResponse<String> created = http.post(statefulSets, "application/yaml", STATEFUL_SET);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(Http.json(created).path("spec").path("replicas").asInt()).isEqualTo(2);

        HttpResponse<String> read = http.send(http.request(statefulSets + "/web")
                .header("Accept", "application/yaml").GET().build());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/yaml"));
        JsonNode yaml = YAMLMapper.builder().build().readTree(read.body());
        assertThat(yaml.path("kind").asString()).isEqualTo("StatefulSet");
        assertThat(yaml.path("apiVersion").asString()).isEqualTo("apps/v1");
        assertThat(yaml.path("metadata").path("name").asString()).isEqualTo("web");
        assertThat(yaml.path("metadata").path("namespace").asString()).isEqualTo(namespace);
        assertThat(yaml.path("spec").path("template").path("spec").path("containers").path(0).path("image")
                .asString()).isEqualTo("registry.k8s.io/nginx-slim:0.24");
    }

    @Test
    void malformedJsonIsBadRequestAndStoresNothing() {
        String configMaps = "/api/v1/namespaces/" + namespace + "/configmaps";
        HttpResponse<String> rejected = http.post(configMaps, "application/json",
                "{\"metadata\":{\"name\":\"broken\"},\"data\":{\"mode\":");

        assertThat(rejected.statusCode()).isEqualTo(400);
        JsonNode status = Http.json(rejected);
        assertThat(status.path("kind").asString()).isEqualTo("Status");
        assertThat(status.path("status").asString()).isEqualTo("Failure");
        assertThat(status.path("reason").asString()).isEqualTo("BadRequest");
        assertThat(status.path("code").asInt()).isEqualTo(400);
        assertThat(status.path("message").asString())
                .startsWith("the object provided is unrecognized (must be of type ConfigMap): ");
        assertThat(http.get(configMaps + "/broken").statusCode()).isEqualTo(404);
        assertThat(Http.json(http.get(configMaps + WITHOUT_ROOT_CA)).path("items")).isEmpty();
    }

    @Test
    void unknownContentTypeIsUnsupportedMediaType() {
        String configMaps = "/api/v1/namespaces/" + namespace + "/configmaps";
        HttpResponse<String> rejected = http.post(configMaps, "text/plain", "name=settings");

        assertThat(rejected.statusCode()).isEqualTo(415);
        JsonNode status = Http.json(rejected);
        assertThat(status.path("kind").asString()).isEqualTo("Status");
        assertThat(status.path("reason").asString()).isEqualTo("UnsupportedMediaType");
        assertThat(status.path("code").asInt()).isEqualTo(415);
        assertThat(status.path("message").asString()).isEqualTo("the body of the request was in an unknown format "
                + "- accepted media types include: application/json, application/yaml, "
                + "application/vnd.kubernetes.protobuf");
        assertThat(Http.json(http.get(configMaps + WITHOUT_ROOT_CA)).path("items")).isEmpty();
    }
}
