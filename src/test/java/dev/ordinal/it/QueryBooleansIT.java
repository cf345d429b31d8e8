package dev.ordinal.it;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every boolean query parameter, sent as clients spell booleans (Python's "True", a bare
 * {@code ?watch}, "1", "t", "yes", "0", "False"), does what kube-apiserver does with it: only
 * "0" and "false" in any case are false, anything present else is true, an absent one unset.
 */
@ServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class QueryBooleansIT {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final AtomicInteger NAMES = new AtomicInteger();

    @LocalServerPort
    int port;

    private Http http;
    private String configMaps;
    private String secrets;

    @BeforeAll
    void namespace() {
        http = new Http(port);
        String namespace = http.namespace("query-booleans");
        configMaps = "/api/v1/namespaces/" + namespace + "/configmaps";
        secrets = "/api/v1/namespaces/" + namespace + "/secrets";
        assertThat(http.post(configMaps, "application/json", "{\"metadata\":{\"name\":\"existing\"}}").statusCode())
                .isEqualTo(201);
    }

    /**
     * The parameter sent as {@code name=value} for each spelling, bare as {@code name}, and left
     * out: with what upstream reads it as (null for absent).
     */
    static Stream<Arguments> spellings() {
        return Stream.of(
                Arguments.of("=1", true),
                Arguments.of("=True", true),
                Arguments.of("=t", true),
                Arguments.of("=yes", true),
                Arguments.of("=", true),
                Arguments.of("", true),
                Arguments.of("=0", false),
                Arguments.of("=False", false),
                Arguments.of(null, null));
    }

    private static String query(String name, String spelling) {
        return spelling == null ? "" : "&" + name + spelling;
    }

    @ParameterizedTest(name = "force{0} forces: {1}")
    @MethodSource("spellings")
    void forceTakesOverAConflictingField(String spelling, Boolean expected) {
        String path = configMaps + "/" + unique("applied");
        assertThat(apply(path + "?fieldManager=first", "one").statusCode()).isEqualTo(201);

        HttpResponse<String> second = apply(path + "?fieldManager=second" + query("force", spelling), "two");

        if (Boolean.TRUE.equals(expected)) {
            assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
            assertThat(Http.json(second).path("data").path("key").asString()).isEqualTo("two");
        } else {
            assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
            assertThat(Http.json(second).path("reason").asString()).isEqualTo("Conflict");
        }
    }

    @ParameterizedTest(name = "force{0} on a merge patch is forbidden: {1}")
    @MethodSource("spellings")
    void forceOfAnyValueIsForbiddenOnOtherPatches(String spelling, Boolean expected) {
        HttpResponse<String> patched = http.send(http.request(configMaps + "/existing?fieldManager=x"
                        + query("force", spelling))
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"data\":{\"k\":\"v\"}}")).build());

        // Upstream's ValidatePatchOptions refuses a force that is set at all, even to false.
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(expected == null ? 200 : 422);
    }

    @ParameterizedTest(name = "orphanDependents{0} orphans: {1}")
    @MethodSource("spellings")
    void orphanDependentsKeepsTheDependentsOfADeletedOwner(String spelling, Boolean expected) {
        String owner = unique("owner");
        String dependent = unique("dependent");
        HttpResponse<String> created = http.post(configMaps, "application/json",
                "{\"metadata\":{\"name\":\"" + owner + "\"}}");
        String uid = Http.json(created).path("metadata").path("uid").asString();
        assertThat(http.post(secrets, "application/json", "{\"metadata\":{\"name\":\"" + dependent + "\","
                + "\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"name\":\"" + owner
                + "\",\"uid\":\"" + uid + "\"}]}}").statusCode()).isEqualTo(201);

        HttpResponse<String> deleted = http.send(http.request(configMaps + "/" + owner + "?x=y"
                + query("orphanDependents", spelling)).DELETE().build());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);

        await().atMost(PATIENCE).until(() -> http.get(configMaps + "/" + owner).statusCode() == 404);
        if (Boolean.TRUE.equals(expected)) {
            await().atMost(PATIENCE).until(() -> !Http.json(http.get(secrets + "/" + dependent))
                    .path("metadata").has("ownerReferences"));
            assertThat(http.get(secrets + "/" + dependent).statusCode()).isEqualTo(200);
        } else {
            // False is Background, as is a delete without it for a ConfigMap.
            await().atMost(PATIENCE).until(() -> http.get(secrets + "/" + dependent).statusCode() == 404);
        }
    }

    @Test
    void orphanDependentsInABodyIsAJsonBoolean() {
        String owner = unique("owner");
        http.post(configMaps, "application/json", "{\"metadata\":{\"name\":\"" + owner + "\"}}");

        HttpResponse<String> text = http.send(http.request(configMaps + "/" + owner)
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"orphanDependents\":\"True\"}")).build());

        assertThat(text.statusCode()).as(text.body()).isEqualTo(400);
        assertThat(Http.json(text).path("message").asString()).isEqualTo(
                "json: cannot unmarshal string into Go struct field DeleteOptions.orphanDependents of type bool");
        assertThat(http.get(configMaps + "/" + owner).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "watch{0} watches: {1}")
    @MethodSource("spellings")
    void watchStreamsEventsInsteadOfAList(String spelling, Boolean expected) throws InterruptedException {
        try (Http.WatchLines lines = http.watch(configMaps + "?timeoutSeconds=1" + query("watch", spelling))) {
            assertThat(lines.statusCode()).isEqualTo(200);
            JsonNode first = lines.next(PATIENCE);
            if (Boolean.TRUE.equals(expected)) {
                assertThat(first.path("type").asString()).isEqualTo("ADDED");
                assertThat(first.path("object").path("metadata").path("name").asString()).isNotEmpty();
            } else {
                assertThat(first.path("kind").asString()).isEqualTo("ConfigMapList");
            }
        }
    }

    @ParameterizedTest(name = "allowWatchBookmarks{0} bookmarks: {1}")
    @MethodSource("spellings")
    void allowWatchBookmarksSendsTheBookmarkEndingTheInitialEvents(String spelling, Boolean expected)
            throws InterruptedException {
        List<String> types = events(configMaps + "?watch=1&timeoutSeconds=1&sendInitialEvents=true"
                + "&resourceVersionMatch=NotOlderThan" + query("allowWatchBookmarks", spelling));

        assertThat(types).contains("ADDED");
        if (Boolean.TRUE.equals(expected)) {
            assertThat(types).endsWith("BOOKMARK");
        } else {
            assertThat(types).doesNotContain("BOOKMARK");
        }
    }

    @ParameterizedTest(name = "sendInitialEvents{0} sends them: {1}")
    @MethodSource("spellings")
    void sendInitialEventsIsTrueFalseOrUnset(String spelling, Boolean expected) throws InterruptedException {
        String path = configMaps + "?watch=1&timeoutSeconds=1&allowWatchBookmarks=true"
                + "&resourceVersionMatch=NotOlderThan" + query("sendInitialEvents", spelling);
        if (expected == null) {
            // Unset is not false: resourceVersionMatch then has nothing to go with.
            HttpResponse<String> refused = http.get(path);
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(Http.json(refused).path("message").asString())
                    .contains("resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided");
            return;
        }
        List<String> types = events(path);
        if (expected) {
            assertThat(types).contains("ADDED").endsWith("BOOKMARK");
        } else {
            assertThat(types).isEmpty();
        }
    }

    /** The types of the events of a watch that ends by its timeoutSeconds. */
    private List<String> events(String path) throws InterruptedException {
        List<String> types = new ArrayList<>();
        try (Http.WatchLines lines = http.watch(path)) {
            assertThat(lines.statusCode()).isEqualTo(200);
            for (JsonNode event = lines.next(PATIENCE); event != null; event = lines.next(PATIENCE)) {
                types.add(event.path("type").asString());
            }
        }
        return types;
    }

    private HttpResponse<String> apply(String path, String value) {
        String name = path.substring(path.lastIndexOf('/') + 1, path.indexOf('?'));
        return http.send(http.request(path).header("Content-Type", "application/apply-patch+yaml")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                        + "\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"key\":\"" + value + "\"}}"))
                .build());
    }

    private static String unique(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }
}
