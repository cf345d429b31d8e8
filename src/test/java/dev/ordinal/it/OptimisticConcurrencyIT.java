package dev.ordinal.it;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two writers that read the same resourceVersion race to replace the object: exactly one wins,
 * the other gets 409 Conflict, and no write is lost, whatever the interleaving.
 */
@ServerTest
@Timeout(60)
class OptimisticConcurrencyIT {

    private static final int ROUNDS = 30;

    @LocalServerPort
    int port;

    @Test
    void concurrentUpdatesFromTheSameResourceVersionLetExactlyOneWin() throws Exception {
        Http http = new Http(port);
        String namespace = http.namespace("concurrency");
        String configMaps = "/api/v1/namespaces/" + namespace + "/configmaps";
        assertThat(http.post(configMaps, "application/json",
                "{\"metadata\":{\"name\":\"x\"},\"data\":{\"writer\":\"none\"}}").statusCode()).isEqualTo(201);

        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String resourceVersion = Http.json(http.get(configMaps + "/x"))
                        .path("metadata").path("resourceVersion").asString();
                CyclicBarrier start = new CyclicBarrier(2);
                List<CompletableFuture<HttpResponse<String>>> updates = new ArrayList<>();
                for (String writer : List.of("a" + round, "b" + round)) {
                    String body = "{\"metadata\":{\"name\":\"x\",\"resourceVersion\":\"" + resourceVersion
                            + "\"},\"data\":{\"writer\":\"" + writer + "\"}}";
                    updates.add(CompletableFuture.supplyAsync(() -> {
                        await(start);
                        return http.put(configMaps + "/x", body);
                    }, writers));
                }

                List<HttpResponse<String>> responses = new ArrayList<>();
                for (CompletableFuture<HttpResponse<String>> update : updates) {
                    responses.add(update.get(30, TimeUnit.SECONDS));
                }
                assertThat(responses).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 409);

                HttpResponse<String> won = responses.stream().filter(r -> r.statusCode() == 200).findFirst()
                        .orElseThrow();
                HttpResponse<String> lost = responses.stream().filter(r -> r.statusCode() == 409).findFirst()
                        .orElseThrow();
                JsonNode conflict = Http.json(lost);
                assertThat(conflict.path("kind").asString()).isEqualTo("Status");
                assertThat(conflict.path("reason").asString()).isEqualTo("Conflict");
                assertThat(conflict.path("code").asInt()).isEqualTo(409);
                assertThat(conflict.path("message").asString()).isEqualTo("Operation cannot be fulfilled on "
                        + "configmaps \"x\": the object has been modified; please apply your changes to the latest "
                        + "version and try again");

                String winner = Http.json(won).path("data").path("writer").asString();
                JsonNode stored = Http.json(http.get(configMaps + "/x"));
                assertThat(stored.path("data").path("writer").asString()).isEqualTo(winner);
                assertThat(stored.path("metadata").path("resourceVersion").asString())
                        .isEqualTo(Http.json(won).path("metadata").path("resourceVersion").asString())
                        .isNotEqualTo(resourceVersion);
            }
        } finally {
            writers.shutdownNow();
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the writers did not start together", e);
        }
    }
}
