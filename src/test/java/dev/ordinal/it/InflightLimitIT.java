package dev.ordinal.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import dev.ordinal.testing.ServerTest;

/**
 * kube-apiserver's in-flight limits: writers that never finish sending their bodies take the
 * writing slots, and the next writer is answered 429 at once instead of waiting; readers, watches
 * and the health checks go on being served.
 */
@ServerTest
@TestPropertySource(properties = {"ordinal.api.max-mutating-requests-inflight=3", "ordinal.api.max-requests-inflight=3"})
@Timeout(120)
class InflightLimitIT {

    @LocalServerPort
    int port;

    private final List<Socket> partialBodies = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Socket socket : partialBodies) {
            socket.close();
        }
    }

    @Test
    void writersBeyondTheLimitAre429WhileReadsWatchesAndHealthChecksAreServed() throws Exception {
        Http http = new Http(port);
        String configMaps = "/api/v1/namespaces/" + http.namespace("inflight") + "/configmaps";
        for (int i = 0; i < 3; i++) {
            partialBodies.add(postWithoutFinishingTheBody(configMaps));
        }
        awaitMutatingInflight(http, 3);

        HttpResponse<String> refused = http.post(configMaps, "application/json", "{\"metadata\":{\"name\":\"refused\"}}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        JsonNode status = Http.json(refused);
        assertThat(status.path("kind").asString()).isEqualTo("Status");
        assertThat(status.path("reason").asString()).isEqualTo("TooManyRequests");
        assertThat(status.path("message").asString()).isEqualTo("Too many requests, please try again later.");
        assertThat(status.path("details").path("retryAfterSeconds").asInt()).isEqualTo(1);

        assertThat(http.get("/readyz").statusCode()).isEqualTo(200);
        assertThat(http.get("/livez").statusCode()).isEqualTo(200);
        assertThat(http.get(configMaps).statusCode()).isEqualTo(200);
        try (Http.WatchLines watch = http.watch(configMaps + "?watch=true")) {
            assertThat(watch.statusCode()).isEqualTo(200);
        }
        assertThat(http.get(configMaps + "/refused").statusCode()).as("the refused object was not stored")
                .isEqualTo(404);

        close();
        partialBodies.clear();
        assertThat(awaitAcceptance(http, configMaps).statusCode()).isEqualTo(201);
    }

    private Socket postWithoutFinishingTheBody(String path) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000\r\n\r\n{\"metadata\":").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** The partial bodies reach their handlers in their own time: upstream's in-flight gauge tells when. */
    private static void awaitMutatingInflight(Http http, int expected) throws InterruptedException {
        double inflight = -1;
        for (int attempt = 0; attempt < 300; attempt++) {
            JsonNode metric = Http.json(http.get("/actuator/metrics/ordinal.api.inflight.requests?tag=request.kind:mutating"));
            inflight = metric.path("measurements").path(0).path("value").asDouble();
            if (inflight == expected) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server counts " + inflight + " writing requests in flight, not " + expected);
    }

    private static HttpResponse<String> awaitAcceptance(Http http, String configMaps) throws InterruptedException {
        HttpResponse<String> response = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            response = http.post(configMaps, "application/json", "{\"metadata\":{\"name\":\"accepted\"}}");
            if (response.statusCode() != 429) {
                return response;
            }
            Thread.sleep(100);
        }
        return response;
    }
}
