package dev.ordinal.it.kubelet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The API of a test server over plain HTTP, as a client without a library sees it. */
final class ClusterApi {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    ClusterApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    record Response(int code, JsonNode body) {
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** {@code path} as a meta.k8s.io Table, as kubectl get asks for it. */
    Response table(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io").GET());
    }

    Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response patch(String path, String mergePatch) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(mergePatch)));
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    /** The object at {@code path} once {@code condition} holds for it; fails after the timeout. */
    JsonNode await(String path, Duration timeout, Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plus(timeout);
        Response last = null;
        while (Instant.now().isBefore(deadline)) {
            last = get(path);
            if (last.code() == 200 && condition.test(last.body())) {
                return last.body();
            }
            pause();
        }
        throw new AssertionError("condition not met within " + timeout + " for " + path + "; last: "
                + (last == null ? "none" : last.code() + " " + last.body()));
    }

    /** Waits until {@code path} answers 404. */
    void awaitGone(String path, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (get(path).code() == 404) {
                return;
            }
            pause();
        }
        throw new AssertionError(path + " still exists after " + timeout + ": " + get(path).body());
    }

    /**
     * The watch events of {@code collectionPath} (with its query, e.g. a field selector) from
     * {@code resourceVersion} on, up to and including the first that {@code last} accepts.
     */
    List<JsonNode> watch(String collectionPath, String resourceVersion, Duration timeout, Predicate<JsonNode> last) {
        String separator = collectionPath.contains("?") ? "&" : "?";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + collectionPath + separator
                + "watch=true&resourceVersion=" + resourceVersion + "&timeoutSeconds=" + timeout.toSeconds())).GET()
                .build();
        List<JsonNode> events = new ArrayList<>();
        try {
            HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> lines = response.body()) {
                Iterator<String> it = lines.iterator();
                while (it.hasNext()) {
                    JsonNode event = JSON.readTree(it.next());
                    events.add(event);
                    if (last.test(event)) {
                        return events;
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        throw new AssertionError("the watch of " + collectionPath + " ended without the awaited event: " + events);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Response(response.statusCode(), body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
