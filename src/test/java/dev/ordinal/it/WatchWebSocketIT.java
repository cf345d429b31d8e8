package dev.ordinal.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/** A watch over a WebSocket, as the fabric8 client opens it first: one text message per event. */
@ServerTest
@Timeout(60)
class WatchWebSocketIT {

    private static final String CLOSED = "closed";

    @LocalServerPort
    int port;

    @Test
    void eventsArriveAsMessagesUntilTheServerClosesAtTheTimeout() throws Exception {
        Http http = new Http(port);
        String configMaps = "/api/v1/namespaces/" + http.namespace("watch-ws") + "/configmaps";
        http.post(configMaps, "application/json", "{\"metadata\":{\"name\":\"existing\"}}");
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();

        HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + configMaps + "?watch=true&timeoutSeconds=3"
                        // Not the cluster's root CA ConfigMap, which every namespace holds.
                        + "&fieldSelector=metadata.name%21%3Dkube-root-ca.crt"),
                        new WebSocket.Listener() {
                            private final StringBuilder message = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                                message.append(data);
                                if (last) {
                                    messages.add(message.toString());
                                    message.setLength(0);
                                }
                                socket.request(1);
                                return null;
                            }

                            @Override
                            public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
                                messages.add(CLOSED);
                                return null;
                            }
                        })
                .get(10, TimeUnit.SECONDS);
        http.post(configMaps, "application/json", "{\"metadata\":{\"name\":\"created\"}}");

        assertThat(event(messages.poll(10, TimeUnit.SECONDS))).isEqualTo("ADDED existing");
        assertThat(event(messages.poll(10, TimeUnit.SECONDS))).isEqualTo("ADDED created");
        assertThat(messages.poll(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(CLOSED);
    }

    private static String event(String message) {
        assertThat(message).isNotNull().isNotEqualTo(CLOSED);
        JsonNode event = Http.JSON.readTree(message);
        return event.path("type").asString() + " " + event.path("object").path("metadata").path("name").asString();
    }
}
