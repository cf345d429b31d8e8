package dev.ordinal.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The kit's own requests to the server, over the JDK's HTTP client: Ordinal's simulation control
 * under {@code /ordinal/v1} and the test namespaces. The tests' clients are the user's.
 */
final class ApiConnection {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ApiConnection(URI base) {
        this.base = base;
    }

    /** The answer's body; fails on any status but 2xx. */
    String get(String path) {
        return body(send(json(path).GET()), path);
    }

    String post(String path, String json) {
        return body(send(json(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))), path);
    }

    /** The answer's status, whatever it is, in whatever type the path answers (/readyz: text). */
    int status(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET()).statusCode();
    }

    /** Deletes, and answers whether there was something to delete. */
    boolean delete(String path) {
        HttpResponse<String> response = send(json(path).DELETE());
        if (response.statusCode() == 404) {
            return false;
        }
        body(response, path);
        return true;
    }

    private HttpRequest.Builder json(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Ordinal at " + base + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Ordinal at " + base, e);
        }
    }

    private static String body(HttpResponse<String> response, String path) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(response.request().method() + " " + path + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
