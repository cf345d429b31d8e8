package dev.ordinal.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests the web server refuses before Ordinal sees them are answered with a meta/v1 Status, as
 * every other error, and never with the web server's HTML page.
 */
@ServerTest
@Timeout(60)
class ConnectorErrorsIT {

    @LocalServerPort
    int port;

    /** One request written as it is over a connection of its own; answers the raw response. */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                response.write(buffer, 0, n);
            }
            return response.toString(StandardCharsets.UTF_8);
        }
    }

    /** The response's Status, checked against its status line; answers it. */
    private static JsonNode status(String response, int... codes) {
        String statusLine = response.substring(0, response.indexOf("\r\n"));
        int code = Integer.parseInt(statusLine.split(" ")[1]);
        assertThat(codes).as(response).contains(code);
        String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
        assertThat(head).as(response).contains("content-type: application/json");
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        if (head.contains("transfer-encoding: chunked")) {
            body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("}") + 1);
        }
        assertThat(body).doesNotContain("<html");
        JsonNode status = Http.JSON.readTree(body);
        assertThat(status.path("kind").asString()).isEqualTo("Status");
        assertThat(status.path("apiVersion").asString()).isEqualTo("v1");
        assertThat(status.path("status").asString()).isEqualTo("Failure");
        assertThat(status.path("code").asInt()).isEqualTo(code);
        assertThat(status.path("message").asString()).isNotEmpty();
        return status;
    }

    @Test
    void anOverlongUrl() throws IOException {
        String response = exchange("GET /api/v1/namespaces/default/configmaps?labelSelector=" + "a".repeat(20_000)
                + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        status(response, 400, 414);
    }

    @Test
    void overlongHeaders() throws IOException {
        String response = exchange("GET /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Filler: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n");
        status(response, 400, 431);
    }

    @Test
    void anEncodedSlashInAName() throws IOException {
        String response = exchange("GET /api/v1/namespaces/default/configmaps/a%2Fb HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(status(response, 400).path("reason").asString()).isEqualTo("BadRequest");
    }

    @Test
    void aMalformedRequestLine() throws IOException {
        String response = exchange("GET /api/v1/namespaces HTTP/1.1 and more\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(status(response, 400).path("reason").asString()).isEqualTo("BadRequest");
    }

    @Test
    void aMalformedHeader() throws IOException {
        String response = exchange("GET /api/v1/namespaces HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(status(response, 400).path("reason").asString()).isEqualTo("BadRequest");
    }
}
