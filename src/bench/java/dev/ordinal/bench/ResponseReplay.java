package dev.ordinal.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A server that costs nothing per request, the baseline for a client's own time: while recording it
 * passes each GET on to Ordinal and keeps the answer; then it answers the same requests with the
 * kept bytes. kubectl run against it does all its own work (decoding, sorting, printing) and none of
 * a server's, so the difference from a run against Ordinal is what Ordinal adds.
 */
final class ResponseReplay implements AutoCloseable {

    private record Key(String pathAndQuery, String accept) {
    }

    private record Answer(int status, String contentType, byte[] body) {
    }

    private final HttpClient client = HttpClient.newHttpClient();
    private final Map<Key, Answer> answers = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final String upstream;
    private final HttpServer server;
    private volatile boolean recording = true;

    ResponseReplay(String upstream) {
        this.upstream = upstream;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on, answers only what was recorded. */
    void replay() {
        recording = false;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            Key key = new Key(exchange.getRequestURI().toString(),
                    String.valueOf(exchange.getRequestHeaders().getFirst("Accept")));
            Answer answer = recording ? answers.computeIfAbsent(key, this::fetch) : answers.get(key);
            if (answer == null || !exchange.getRequestMethod().equals("GET")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(answer.body());
            }
        }
    }

    private Answer fetch(Key key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + key.pathAndQuery()));
        if (!key.accept().equals("null")) {
            request.header("Accept", key.accept());
        }
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("application/json"), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
