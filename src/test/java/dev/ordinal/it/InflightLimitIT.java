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

        HttpResponse<String> refused = awaitRefusal(http, configMaps);
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

    /** The partial bodies reach their handlers in their own time; a writer is refused once they have. */
    private static HttpResponse<String> awaitRefusal(Http http, String configMaps) throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            HttpResponse<String> response = http.post(configMaps, "application/json",
                    "{\"metadata\":{\"name\":\"refused\"}}");
            if (response.statusCode() == 429) {
                return response;
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            assertThat(http.send(http.request(configMaps + "/refused").DELETE().build()).statusCode()).isEqualTo(200);
            Thread.sleep(100);
        }
        throw new AssertionError("no writer was refused with three bodies held open");
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
