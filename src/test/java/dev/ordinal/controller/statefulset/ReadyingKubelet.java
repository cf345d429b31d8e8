package dev.ordinal.controller.statefulset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plays kubelet for a test through the API: it watches the pods of one namespace, records the
 * order they come and go in, and makes each new pod Running and Ready through the status
 * subresource (phase Running, condition Ready=True, every container ready). Its watches are short
 * and resumed from the last resourceVersion, so none outlives the test.
 */
final class ReadyingKubelet implements AutoCloseable {

    private static final int WATCH_SECONDS = 1;

    private final HttpClient http;
    private final String base;
    private final String namespace;
    private final List<String> added = Collections.synchronizedList(new ArrayList<>());
    private final List<String> deleted = Collections.synchronizedList(new ArrayList<>());
    private final Thread watcher = new Thread(this::watch, "readying-kubelet");
    private volatile boolean closed;
    private String resourceVersion = "";

    ReadyingKubelet(HttpClient http, String base, String namespace) {
        this.http = http;
        this.base = base;
        this.namespace = namespace;
    }

    ReadyingKubelet start() {
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
            case "ADDED" -> {
                added.add(name);
                makeReady(pod);
            }
            case "MODIFIED" -> makeReady(pod);
            case "DELETED" -> deleted.add(name);
            default -> { }
        }
    }

    private void makeReady(JsonNode pod) {
        if (pod.at("/metadata/deletionTimestamp").isString() || "Running".equals(pod.at("/status/phase").asString(""))) {
            return;
        }
        ObjectNode updated = (ObjectNode) pod.deepCopy();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode status = updated.putObject("status");
        status.put("phase", "Running");
        ArrayNode conditions = status.putArray("conditions");
        for (String type : List.of("Initialized", "Ready", "ContainersReady", "PodScheduled")) {
            conditions.addObject().put("type", type).put("status", "True").put("lastTransitionTime", now);
        }
        ArrayNode containers = status.putArray("containerStatuses");
        pod.at("/spec/containers").forEach(container -> containers.addObject()
                .put("name", container.path("name").asString())
                .put("image", container.path("image").asString())
                .put("ready", true)
                .put("started", true)
                .put("restartCount", 0)
                .putObject("state").putObject("running").put("startedAt", now));
        String path = "/api/v1/namespaces/" + namespace + "/pods/" + pod.at("/metadata/name").asString() + "/status";
        // A conflict means the pod changed meanwhile; its MODIFIED event comes next and is answered then.
        http.sendAsync(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(updated.toString())).build(), HttpResponse.BodyHandlers.discarding());
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        watcher.join();
    }
}
