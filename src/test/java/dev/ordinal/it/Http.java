package dev.ordinal.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client of a test server, as curl would talk to it. */
final class Http {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String base;

    Http(int port) {
        this.base = Clients.url(port);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> put(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens a watch ({@code path} carries {@code watch=true}) and reads its events as they come. */
    WatchLines watch(String path) {
        try {
            HttpResponse<Stream<String>> response = client.send(request(path).GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            return new WatchLines(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** The events of one watch response, one JSON line each, read on a thread of their own. */
    static final class WatchLines implements AutoCloseable {
        private static final JsonNode END = JSON.createObjectNode();

        private final HttpResponse<Stream<String>> response;
        private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

        private WatchLines(HttpResponse<Stream<String>> response) {
            this.response = response;
            Thread reader = new Thread(() -> {
                try (Stream<String> lines = response.body()) {
                    lines.filter(line -> !line.isBlank()).forEach(line -> events.add(JSON.readTree(line)));
                } catch (UncheckedIOException e) {
                    // closed by the test
                } finally {
                    events.add(END);
                }
            }, "watch-reader");
            reader.setDaemon(true);
            reader.start();
        }

        int statusCode() {
            return response.statusCode();
        }

        /** The next event, or null when the stream ended or nothing came within {@code timeout}. */
        JsonNode next(Duration timeout) throws InterruptedException {
            JsonNode event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return event == END ? null : event;
        }

        /** Whether the server ended the stream within {@code timeout}, after any remaining events. */
        boolean ends(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (events.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS)
                        == END) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() {
            response.body().close();
        }
    }

    /** Creates a namespace for one test to use alone. */
    String namespace(String prefix) {
        String name = Clients.uniqueName(prefix);
        HttpResponse<String> created = post("/api/v1/namespaces", "application/json",
                "{\"metadata\":{\"name\":\"" + name + "\"}}");
        if (created.statusCode() != 201) {
            throw new IllegalStateException("cannot create namespace " + name + ": " + created.body());
        }
        return name;
    }
}
