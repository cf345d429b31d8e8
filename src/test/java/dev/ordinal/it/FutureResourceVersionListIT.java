package dev.ordinal.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A list at a resourceVersion the store has not reached: as upstream's watch cache it waits a few
 * seconds for the store to catch up and then answers 504 "Too large resource version"; under
 * {@code Exact} it answers at once, as etcd answers a read at a future revision.
 */
@ServerTest
@Timeout(60)
class FutureResourceVersionListIT {

    private static final String CONFIG_MAPS = "/api/v1/namespaces/default/configmaps";

    @LocalServerPort
    int port;

    private Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private long current() {
        return Long.parseLong(Http.json(http.get(CONFIG_MAPS)).path("metadata").path("resourceVersion").asString());
    }

    private static JsonNode timeout(HttpResponse<String> response, long requested) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
        JsonNode status = Http.json(response);
        assertThat(status.path("kind").asString()).isEqualTo("Status");
        assertThat(status.path("reason").asString()).isEqualTo("Timeout");
        // The controllers may write meanwhile: the store is wherever it is now.
        assertThat(status.path("message").asString())
                .matches("Timeout: Too large resource version: " + requested + ", current: \\d+");
        JsonNode cause = status.path("details").path("causes").path(0);
        assertThat(cause.path("reason").asString()).isEqualTo("ResourceVersionTooLarge");
        assertThat(cause.path("message").asString()).isEqualTo("Too large resource version");
        return status;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "&resourceVersionMatch=NotOlderThan"})
    void aListFromAResourceVersionTheStoreHasNotReachedWaitsAndTimesOut(String match) {
        long requested = current() + 100_000;
        long start = System.nanoTime();

        HttpResponse<String> response = http.get(CONFIG_MAPS + "?resourceVersion=" + requested + match);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(timeout(response, requested).path("details").path("retryAfterSeconds").asInt()).isEqualTo(1);
    }

    @Test
    void anExactListFromAResourceVersionTheStoreHasNotReachedTimesOutAtOnce() {
        long requested = current() + 100_000;

        HttpResponse<String> response = http.get(CONFIG_MAPS + "?resourceVersion=" + requested
                + "&resourceVersionMatch=Exact");

        assertThat(timeout(response, requested).path("details").has("retryAfterSeconds")).isFalse();
    }

    @Test
    void aListWaitsForTheStoreToReachItsResourceVersion() throws Exception {
        long requested = current() + 1;
        CompletableFuture<HttpResponse<String>> list = CompletableFuture.supplyAsync(
                () -> http.get(CONFIG_MAPS + "?resourceVersion=" + requested + "&resourceVersionMatch=NotOlderThan"));
        Thread.sleep(300);

        assertThat(http.post(CONFIG_MAPS, "application/json", """
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"caught-up"}}""").statusCode())
                .isEqualTo(201);

        HttpResponse<String> response = list.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Long.parseLong(Http.json(response).path("metadata").path("resourceVersion").asString()))
                .isGreaterThanOrEqualTo(requested);
    }

    @Test
    void anExactListFromAnOlderResourceVersionIsGone() {
        long older = current();
        http.post(CONFIG_MAPS, "application/json", """
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"newer"}}""");

        HttpResponse<String> response = http.get(CONFIG_MAPS + "?resourceVersion=" + older
                + "&resourceVersionMatch=Exact");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(410);
        JsonNode status = Http.json(response);
        assertThat(status.path("reason").asString()).isEqualTo("Expired");
        assertThat(status.path("message").asString()).isEqualTo("The resourceVersion for the provided list is too old.");
    }

    @Test
    void resourceVersionMatchIsValidatedAsUpstreamValidatesListOptions() {
        HttpResponse<String> response = http.get(CONFIG_MAPS + "?resourceVersionMatch=Sometime");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(Http.json(response).path("message").asString()).isEqualTo(
                "ListOptions.meta.k8s.io \"\" is invalid: [resourceVersionMatch: Forbidden: resourceVersionMatch is"
                        + " forbidden unless resourceVersion is provided, resourceVersionMatch: Unsupported value:"
                        + " \"Sometime\": supported values: \"Exact\", \"NotOlderThan\", \"\"]");
        assertThat(http.get(CONFIG_MAPS + "?resourceVersion=0&resourceVersionMatch=Exact").statusCode())
                .isEqualTo(422);
    }
}
