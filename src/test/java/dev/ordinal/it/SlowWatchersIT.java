package dev.ordinal.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import dev.ordinal.testing.ServerTest;

/**
 * Watchers whose clients stop reading: each may only hurt itself. Six clients open a watch and
 * never read while large objects are written; a seventh, reading, must see the next event as it
 * comes, and the stalled ones are ended by the server (as upstream's cacher ends an unresponsive
 * watcher) rather than buffered for without end.
 */
@ServerTest
@Timeout(120)
class SlowWatchersIT {

    private static final int STALLED = 6;
    private static final int LARGE_OBJECTS = 40;
    private static final int TICKS = 13;
    /** Far more than loopback's socket buffers can hold for a client that reads nothing. */
    private static final String LARGE_VALUE = "x".repeat(256 * 1024);

    @LocalServerPort
    int port;

    private final List<Socket> stalled = new ArrayList<>();

    @AfterEach
    void closeSockets() throws IOException {
        for (Socket socket : stalled) {
            socket.close();
        }
    }

    @Test
    void clientsThatStopReadingDelayNoOtherWatcherAndAreEndedByTheServer() throws Exception {
        Http http = new Http(port);
        String configMaps = "/api/v1/namespaces/" + http.namespace("slow-watchers") + "/configmaps";
        for (int i = 0; i < STALLED; i++) {
            stalled.add(openWithoutReading(configMaps + "?watch=true"));
        }
        // The cluster's root CA ConfigMap, which every namespace holds, may come as the reader's
        // first event; the reader counts the test's own.
        try (Http.WatchLines reader = http.watch(configMaps + "?watch=true"
                + "&fieldSelector=metadata.name%21%3Dkube-root-ca.crt")) {
            for (int i = 0; i < LARGE_OBJECTS; i++) {
                assertThat(http.post(configMaps, "application/json",
                        "{\"metadata\":{\"name\":\"large-" + i + "\"},\"data\":{\"v\":\"" + LARGE_VALUE + "\"}}")
                        .statusCode()).isEqualTo(201);
            }
            assertThat(http.post(configMaps, "application/json", "{\"metadata\":{\"name\":\"marker\"}}")
                    .statusCode()).isEqualTo(201);

            // Before watch writes stopped blocking, the stalled clients held every delivery thread
            // until the connection's write timeout (a minute), and this reader saw nothing until then.
            List<String> seen = new ArrayList<>();
            JsonNode event;
            while ((event = reader.next(Duration.ofSeconds(10))) != null) {
                seen.add(event.path("object").path("metadata").path("name").asString());
                if (seen.contains("marker")) {
                    break;
                }
            }
            assertThat(seen).as("events the reading watcher saw").hasSize(LARGE_OBJECTS + 1).endsWith("marker");
        }

        // Events keep coming for longer than the server waits for an unresponsive client.
        for (int i = 0; i < TICKS; i++) {
            assertThat(http.post(configMaps, "application/json", "{\"metadata\":{\"name\":\"tick-" + i + "\"}}")
                    .statusCode()).isEqualTo(201);
            Thread.sleep(1000);
        }

        for (Socket socket : stalled) {
            Response response = readChunked(socket);
            assertThat(response.status()).startsWith("HTTP/1.1 200");
            assertThat(response.ended()).as("the server ended the stalled watch").isTrue();
            assertThat(response.events()).as("events written before the server gave up on the client")
                    .isLessThan(LARGE_OBJECTS + 1 + TICKS);
        }
    }

    private Socket openWithoutReading(String path) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private record Response(String status, int events, boolean ended) {
    }

    /** Reads a chunked watch response until its last chunk, or until nothing comes for 30 s. */
    private static Response readChunked(Socket socket) throws IOException {
        socket.setSoTimeout(30_000);
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String status = line(in);
        while (!line(in).isEmpty()) {
            // headers
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean ended = false;
        while (true) {
            String size = line(in);
            if (size.isEmpty()) {
                break;
            }
            int length = Integer.parseInt(size.trim(), 16);
            if (length == 0) {
                ended = true;
                break;
            }
            body.write(in.readNBytes(length));
            line(in);
        }
        int events = body.toString(StandardCharsets.UTF_8).split("\"type\":\"ADDED\"", -1).length - 1;
        return new Response(status, events, ended);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
