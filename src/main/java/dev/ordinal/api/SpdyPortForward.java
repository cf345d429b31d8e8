package dev.ordinal.api;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import dev.ordinal.registry.rest.PortForward;

/**
 * Port-forward over SPDY, as the kubelet's {@code portforward/httpstream.go} serves it: the client
 * opens a pair of streams per forwarded connection, {@code streamtype} {@code error} and
 * {@code data}, with the pod's {@code port} and a {@code requestid} pairing them; once both are
 * there the pod's port is connected and joined to the data stream. A failure is written as text
 * on the error stream (kubectl then reports it and ends the whole port-forward), and both streams
 * are closed when the connection is over.
 */
final class SpdyPortForward implements SpdyConnection.StreamHandler {

    private final PortForward pod;
    private final Executor threads;
    private final Map<String, Pair> pairs = new ConcurrentHashMap<>();

    SpdyPortForward(PortForward pod, Executor threads) {
        this.pod = pod;
        this.threads = threads;
    }

    /** Streams with a missing or bad port, or of an unknown type, are refused, as the kubelet rejects them. */
    @Override
    public boolean accept(SpdyStream stream) {
        int port;
        try {
            port = Integer.parseInt(stream.header("port"));
        } catch (NumberFormatException e) {
            return false;
        }
        if (port < 1 || port > 65535) {
            return false;
        }
        String type = stream.header("streamtype");
        if (!type.equals("data") && !type.equals("error")) {
            return false;
        }
        Pair pair = pairs.computeIfAbsent(requestId(stream, type), id -> new Pair(id, port));
        synchronized (pair) {
            if (type.equals("data") ? pair.data != null : pair.error != null) {
                return false;
            }
            if (type.equals("data")) {
                pair.data = stream;
            } else {
                pair.error = stream;
            }
            if (pair.data != null && pair.error != null) {
                threads.execute(() -> forward(pair));
            }
        }
        return true;
    }

    /**
     * The {@code requestid} header; clients before it existed opened the error stream right before
     * the data stream, so upstream pairs them by stream id then (the data stream's id less two).
     */
    private static String requestId(SpdyStream stream, String type) {
        String id = stream.header("requestid");
        if (!id.isEmpty()) {
            return id;
        }
        return "stream-" + (type.equals("data") ? stream.id() - 2 : stream.id());
    }

    private void forward(Pair pair) {
        try {
            pod.forward(pair.port, pair.data.input(), pair.data.output());
        } catch (ConnectException e) {
            try {
                pair.error.output().write(e.getMessage().getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the client is gone
            }
        } catch (IOException e) {
            // one side went away mid-connection: the connection is over
        } finally {
            closeQuietly(pair.data);
            closeQuietly(pair.error);
            pairs.remove(pair.requestId);
        }
    }

    private static void closeQuietly(SpdyStream stream) {
        try {
            stream.output().close();
        } catch (IOException ignored) {
            // the client is gone
        }
    }

    /** The two streams of one forwarded connection. */
    private static final class Pair {
        private final String requestId;
        private final int port;
        private SpdyStream data;
        private SpdyStream error;

        Pair(String requestId, int port) {
            this.requestId = requestId;
            this.port = port;
        }
    }
}
