package dev.ordinal.it;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Watches as a plain HTTP client streams them: newline-delimited events on one long response. */
@ServerTest
@Timeout(60)
class WatchHttpIT {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    private Http http;
    private String configMaps;

    @BeforeEach
    void namespace() {
        http = new Http(port);
        // The tests' ConfigMaps are labelled app; a watch from 0 selects them, leaving out the
        // cluster's root CA ConfigMap that every namespace holds.
        configMaps = "/api/v1/namespaces/" + http.namespace("watch-http") + "/configmaps";
    }

    @Test
    void labelSelectedWatchSeesObjectsEnterAndLeaveTheSelection() throws InterruptedException {
        try (Http.WatchLines watch = http.watch(configMaps + "?watch=true&labelSelector=app%3Dweb")) {
            assertThat(watch.statusCode()).isEqualTo(200);
            create("front", "web");
            create("store", "db");
            HttpResponse<String> relabelled = http.send(http.request(configMaps + "/front")
                    .header("Content-Type", "application/merge-patch+json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(
                            "{\"metadata\":{\"labels\":{\"app\":\"db\"}}}"))
                    .build());
            assertThat(relabelled.statusCode()).isEqualTo(200);
            create("back", "web");

            JsonNode added = watch.next(PATIENCE);
            JsonNode deleted = watch.next(PATIENCE);
            JsonNode addedAgain = watch.next(PATIENCE);
            assertThat(List.of(added, deleted, addedAgain)).extracting(WatchHttpIT::describe)
                    .containsExactly("ADDED front web", "DELETED front web", "ADDED back web");
            // Upstream's cacher: the object that left carries its last selected state, at the
            // resourceVersion of the change that moved it out.
            assertThat(deleted.path("object").path("metadata").path("resourceVersion").asString())
                    .isEqualTo(Http.json(relabelled).path("metadata").path("resourceVersion").asString());
        }
    }

    @Test
    void timeoutSecondsEndsTheStream() throws InterruptedException {
        long start = System.nanoTime();
        try (Http.WatchLines watch = http.watch(configMaps + "?watch=true&timeoutSeconds=2")) {
            assertThat(watch.statusCode()).isEqualTo(200);
            assertThat(watch.ends(PATIENCE)).isTrue();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void watchFromResourceVersionZeroStartsWithTheExistingObjects() throws InterruptedException {
        create("first", "web");
        create("second", "db");

        try (Http.WatchLines watch = http.watch(configMaps + "?watch=true&resourceVersion=0&labelSelector=app")) {
            List<String> initial = next(watch, 2);
            assertThat(initial).containsExactlyInAnyOrder("ADDED first web", "ADDED second db");

            create("third", "web");
            assertThat(next(watch, 1)).containsExactly("ADDED third web");
        }
    }

    @Test
    void watchListSendsTheSelectedStateThenABookmarkEndingTheInitialEvents() throws InterruptedException {
        create("first", "web");
        create("second", "db");

        try (Http.WatchLines watch = http.watch(configMaps + "?watch=true&sendInitialEvents=true"
                + "&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&labelSelector=app%3Dweb")) {
            assertThat(next(watch, 1)).containsExactly("ADDED first web");
            JsonNode bookmark = watch.next(PATIENCE);
            assertThat(bookmark.path("type").asString()).isEqualTo("BOOKMARK");
            assertThat(bookmark.path("object").path("metadata").path("annotations")
                    .path("k8s.io/initial-events-end").asString()).isEqualTo("true");

            create("third", "web");
            assertThat(next(watch, 1)).containsExactly("ADDED third web");
        }
    }

    @Test
    void sendInitialEventsWithoutResourceVersionMatchIsInvalid() {
        HttpResponse<String> refused = http.send(http.request(configMaps + "?watch=true&sendInitialEvents=true")
                .GET().build());
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(Http.json(refused).path("message").asString()).isEqualTo("ListOptions.meta.k8s.io \"\" is "
                + "invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch "
                + "to NotOlderThan");
    }

    @Test
    void aMalformedResourceVersionIsABadRequest() {
        HttpResponse<String> refused = http.send(http.request(configMaps + "?watch=true&resourceVersion=x1")
                .GET().build());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(Http.json(refused).path("message").asString()).isEqualTo("invalid resource version: "
                + "resourceVersion: Invalid value: \"x1\": strconv.ParseUint: parsing \"x1\": invalid syntax");
    }

    @Test
    void watchIsAnyValueButZeroOrFalse() throws InterruptedException {
        create("present", "web");

        try (Http.WatchLines watch = http.watch(configMaps + "?watch=1&resourceVersion=0&labelSelector=app")) {
            assertThat(next(watch, 1)).containsExactly("ADDED present web");
        }
        for (String no : List.of("0", "false", "False")) {
            HttpResponse<String> list = http.send(http.request(configMaps + "?watch=" + no).GET().build());
            assertThat(Http.json(list).path("kind").asString()).as("watch=%s", no).isEqualTo("ConfigMapList");
        }
    }

    private void create(String name, String app) {
        assertThat(http.post(configMaps, "application/json", "{\"metadata\":{\"name\":\"" + name
                + "\",\"labels\":{\"app\":\"" + app + "\"}}}").statusCode()).isEqualTo(201);
    }

    /** The next {@code count} events as "TYPE name app"; fewer if the stream goes quiet. */
    private static List<String> next(Http.WatchLines watch, int count) throws InterruptedException {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JsonNode event = watch.next(PATIENCE);
            if (event == null) {
                break;
            }
            events.add(describe(event));
        }
        return events;
    }

    private static String describe(JsonNode event) {
        if (event == null) {
            return "nothing";
        }
        JsonNode metadata = event.path("object").path("metadata");
        return event.path("type").asString() + " " + metadata.path("name").asString() + " "
                + metadata.path("labels").path("app").asString();
    }
}
