package dev.ordinal.it;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import dev.ordinal.OrdinalApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server on an H2 file database, stopped and started again: what a client saw acknowledged
 * is there afterwards, with the same uid and resourceVersion, and watches resume from the
 * persisted change log.
 */
@Timeout(120)
class RestartDurabilityIT {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path data;

    private ConfigurableApplicationContext server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void objectsAndLaterChangesSurviveARestart() throws InterruptedException {
        Http http = start();
        String namespace = http.namespace("durable");
        String configMaps = "/api/v1/namespaces/" + namespace + "/configmaps";
        JsonNode settings = created(http.post(configMaps, "application/json",
                "{\"metadata\":{\"name\":\"settings\"},\"data\":{\"mode\":\"fast\"}}"));
        JsonNode secret = created(http.post("/api/v1/namespaces/" + namespace + "/secrets", "application/json",
                "{\"metadata\":{\"name\":\"token\"},\"stringData\":{\"token\":\"s3cr3t\"}}"));
        JsonNode doomed = created(http.post(configMaps, "application/json",
                "{\"metadata\":{\"name\":\"doomed\"}}"));
        String before = resourceVersion(doomed);

        JsonNode updated = Http.json(http.put(configMaps + "/settings",
                "{\"metadata\":{\"name\":\"settings\",\"resourceVersion\":\"" + resourceVersion(settings)
                        + "\"},\"data\":{\"mode\":\"safe\"}}"));
        JsonNode later = created(http.post(configMaps, "application/json", "{\"metadata\":{\"name\":\"later\"}}"));
        assertThat(http.send(http.request(configMaps + "/doomed").DELETE().build()).statusCode()).isEqualTo(200);
        String namespaceVersion = resourceVersion(Http.json(http.get("/api/v1/namespaces/" + namespace)));

        http = restart();

        assertSameObject(http.get(configMaps + "/settings"), updated);
        assertThat(Http.json(http.get(configMaps + "/settings")).path("data").path("mode").asString())
                .isEqualTo("safe");
        assertSameObject(http.get(configMaps + "/later"), later);
        assertSameObject(http.get("/api/v1/namespaces/" + namespace + "/secrets/token"), secret);
        assertThat(http.get(configMaps + "/doomed").statusCode()).isEqualTo(404);
        assertThat(resourceVersion(Http.json(http.get("/api/v1/namespaces/" + namespace))))
                .isEqualTo(namespaceVersion);

        try (Http.WatchLines watch = http.watch(configMaps + "?watch=true&resourceVersion=" + before)) {
            List<String> replayed = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                JsonNode event = watch.next(PATIENCE);
                replayed.add(event == null ? "nothing" : event.path("type").asString() + " "
                        + event.path("object").path("metadata").path("name").asString());
            }
            assertThat(replayed).containsExactly("MODIFIED settings", "ADDED later", "DELETED doomed");
        }

        JsonNode afterRestart = created(http.post(configMaps, "application/json", "{\"metadata\":{\"name\":\"new\"}}"));
        assertThat(Long.parseLong(resourceVersion(afterRestart)))
                .isGreaterThan(Long.parseLong(namespaceVersion))
                .isGreaterThan(Long.parseLong(resourceVersion(later)));
    }

    @Test
    void watchFromBeforeTheRetainedChangeLogIsExpired() throws InterruptedException {
        Http http = start("--ordinal.storage.change-log-retention=5");
        String namespace = http.namespace("retention");
        String configMaps = "/api/v1/namespaces/" + namespace + "/configmaps";
        String first = resourceVersion(created(http.post(configMaps, "application/json",
                "{\"metadata\":{\"name\":\"first\"}}")));
        for (int i = 0; i < 6; i++) {
            created(http.post(configMaps, "application/json", "{\"metadata\":{\"name\":\"cm-" + i + "\"}}"));
        }

        assertExpired(http, configMaps, first);

        http = restart("--ordinal.storage.change-log-retention=5");

        assertExpired(http, configMaps, first);
        String current = Http.json(http.get(configMaps)).path("metadata").path("resourceVersion").asString();
        try (Http.WatchLines watch = http.watch(configMaps + "?watch=true&resourceVersion=" + current)) {
            created(http.post(configMaps, "application/json", "{\"metadata\":{\"name\":\"after-restart\"}}"));
            JsonNode event = watch.next(PATIENCE);
            assertThat(event.path("type").asString()).isEqualTo("ADDED");
            assertThat(event.path("object").path("metadata").path("name").asString()).isEqualTo("after-restart");
        }
    }

    /** A watch from {@code resourceVersion} gets one ERROR event, 410 Expired, and the stream ends. */
    private static void assertExpired(Http http, String configMaps, String resourceVersion)
            throws InterruptedException {
        // With a retention of 5 the log keeps the last five changes, so upstream's "oldest - 1" is
        // five below the current resourceVersion, which the simulated nodes may move meanwhile.
        long before = currentRevision(http, configMaps);
        try (Http.WatchLines watch = http.watch(configMaps + "?watch=true&resourceVersion=" + resourceVersion)) {
            assertThat(watch.statusCode()).isEqualTo(200);
            JsonNode event = watch.next(PATIENCE);
            assertThat(event.path("type").asString()).isEqualTo("ERROR");
            JsonNode status = event.path("object");
            assertThat(status.path("kind").asString()).isEqualTo("Status");
            assertThat(status.path("status").asString()).isEqualTo("Failure");
            assertThat(status.path("reason").asString()).isEqualTo("Expired");
            assertThat(status.path("code").asInt()).isEqualTo(410);
            String message = status.path("message").asString();
            assertThat(message).matches("too old resource version: " + resourceVersion + " \\(\\d+\\)");
            assertThat(Long.parseLong(message.replaceAll(".*\\((\\d+)\\)", "$1")))
                    .isBetween(before - 5, currentRevision(http, configMaps) - 5);
            assertThat(watch.ends(PATIENCE)).isTrue();
        }
    }

    private static long currentRevision(Http http, String configMaps) {
        return Long.parseLong(Http.json(http.get(configMaps)).path("metadata").path("resourceVersion").asString());
    }

    /** The arguments that name the store, the same one at each start of a test. */
    List<String> store() {
        return List.of("--spring.datasource.url=jdbc:h2:file:" + data.resolve("db"));
    }

    /**
     * A CRD stored before the restart is served again before the server answers anything: its
     * custom resources are there at once, with its defaults still applied to new ones.
     */
    @Test
    void customResourceDefinitionsAreServedAgainAtStart() throws InterruptedException {
        Http http = start();
        String namespace = http.namespace("durable-crd");
        created(http.post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", "application/json", """
                {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                 "metadata": {"name": "backups.example.ordinal.dev"},
                 "spec": {"group": "example.ordinal.dev", "scope": "Namespaced",
                          "names": {"plural": "backups", "kind": "Backup"},
                          "versions": [{"name": "v1", "served": true, "storage": true,
                                        "schema": {"openAPIV3Schema": {"type": "object", "properties": {
                                          "spec": {"type": "object", "properties": {
                                            "keep": {"type": "integer", "default": 7}}}}}}}]}}"""));
        String backups = "/apis/example.ordinal.dev/v1/namespaces/" + namespace + "/backups";
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (http.get(backups).statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        JsonNode nightly = created(http.post(backups, "application/json",
                "{\"apiVersion\":\"example.ordinal.dev/v1\",\"kind\":\"Backup\",\"metadata\":{\"name\":\"nightly\"},"
                        + "\"spec\":{}}"));

        http = restart();

        assertSameObject(http.get(backups + "/nightly"), nightly);
        JsonNode weekly = created(http.post(backups, "application/json",
                "{\"apiVersion\":\"example.ordinal.dev/v1\",\"kind\":\"Backup\",\"metadata\":{\"name\":\"weekly\"},"
                        + "\"spec\":{}}"));
        assertThat(weekly.path("spec").path("keep").asInt()).isEqualTo(7);
    }

    private Http start(String... arguments) {
        String[] defaults = {
                "--server.port=0",
                "--ordinal.kubeconfig=" + data.resolve("kubeconfig"),
                "--ordinal.dns.port=0"
        };
        server = SpringApplication.run(OrdinalApplication.class,
                Stream.of(Stream.of(defaults), store().stream(), Stream.of(arguments)).flatMap(s -> s)
                        .toArray(String[]::new));
        return new Http(Integer.parseInt(server.getEnvironment().getProperty("local.server.port")));
    }

    private Http restart(String... arguments) {
        server.close();
        return start(arguments);
    }

    private static JsonNode created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Http.json(response);
    }

    private static void assertSameObject(HttpResponse<String> response, JsonNode expected) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode actual = Http.json(response).path("metadata");
        assertThat(actual.path("uid").asString()).isEqualTo(expected.path("metadata").path("uid").asString());
        assertThat(actual.path("resourceVersion").asString()).isEqualTo(resourceVersion(expected));
        assertThat(actual.path("creationTimestamp").asString())
                .isEqualTo(expected.path("metadata").path("creationTimestamp").asString());
    }

    private static String resourceVersion(JsonNode object) {
        return object.path("metadata").path("resourceVersion").asString();
    }
}
