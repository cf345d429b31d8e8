package dev.ordinal.controller.statefulset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records, through a watch on the API, the order in which the pods of one namespace come and go;
 * the simulated kubelet makes them Running and Ready. Its watches are short and resumed from the
 * last resourceVersion, so none outlives the test.
 */
final class PodOrder implements AutoCloseable {

    private static final int WATCH_SECONDS = 1;

    private final HttpClient http;
    private final String base;
    private final String namespace;
    private final List<String> added = Collections.synchronizedList(new ArrayList<>());
    private final List<String> deleted = Collections.synchronizedList(new ArrayList<>());
    private final Thread watcher = new Thread(this::watch, "pod-order");
    private volatile boolean closed;
    private String resourceVersion = "";

    PodOrder(HttpClient http, String base, String namespace) {
        this.http = http;
        this.base = base;
        this.namespace = namespace;
    }

    PodOrder start() {
        watcher.setDaemon(true);
        watcher.start();
        return this;
    }

    /** The pods in the order they were created. */
    List<String> added() {
        return List.copyOf(added);
    }

    /** The pods in the order they were deleted. */
    List<String> deleted() {
        return List.copyOf(deleted);
    }

    private void watch() {
        while (!closed) {
            String query = "?watch=true&timeoutSeconds=" + WATCH_SECONDS
                    + (resourceVersion.isEmpty() ? "" : "&resourceVersion=" + resourceVersion);
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/namespaces/" + namespace
                    + "/pods" + query)).build();
            try (Stream<String> lines = http.send(request, HttpResponse.BodyHandlers.ofLines()).body()) {
                lines.forEach(this::onEvent);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void onEvent(String line) {
        JsonNode event = JsonMapper.shared().readTree(line);
        JsonNode pod = event.path("object");
        resourceVersion = pod.at("/metadata/resourceVersion").asString(resourceVersion);
        String name = pod.at("/metadata/name").asString();
        switch (event.path("type").asString()) {
            case "ADDED" -> added.add(name);
            case "DELETED" -> deleted.add(name);
            default -> { }
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        watcher.join();
    }
}
