package dev.ordinal.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plain JSON requests to a test server over HTTP, for tests that assert on exactly what the API
 * answers: status codes and the objects' JSON.
 */
public final class RestApi {

    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;

    public RestApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** One answer: its status and its JSON body (a missing node when empty). */
    public record Response(int status, JsonNode body) {

        public String text(String path) {
            JsonNode node = body;
            for (String part : path.split("\\.")) {
                node = node.path(part);
            }
            return node.asString("");
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response mergePatch(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String path, String deleteOptions) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(deleteOptions)));
    }

    /** Creates an object and answers it as stored; fails unless the server answers 201 Created. */
    public JsonNode create(String collectionPath, String json) {
        Response response = post(collectionPath, json);
        if (response.status() != 201) {
            throw new AssertionError("POST " + collectionPath + " answered " + response.status() + ": "
                    + response.body());
        }
        return response.body();
    }

    public boolean exists(String path) {
        return get(path).status() == 200;
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Response(response.statusCode(), body.isEmpty() ? JsonMapper.shared().missingNode()
                    : JsonMapper.shared().readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
