package dev.ordinal.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.websocket.Session;

/**
 * A watch over a WebSocket, as upstream's {@code WatchServer.HandleWS} serves it: one text message
 * per event, sent asynchronously, one at a time (the WebSocket API allows no second send before
 * the first completes).
 */
final class WebSocketWatchSink implements WatchSink {

    private final Session session;
    private final Runnable writable;
    private final Runnable failed;
    private volatile boolean sending;

    WebSocketWatchSink(Session session, Runnable writable, Runnable failed) {
        this.session = session;
        this.writable = writable;
        this.failed = failed;
    }

    @Override
    public boolean ready() {
        return !sending;
    }

    @Override
    public void write(byte[] event) {
        sending = true;
        session.getAsyncRemote().sendText(new String(event, StandardCharsets.UTF_8), result -> {
            sending = false;
            if (result.isOK()) {
                writable.run();
            } else {
                failed.run();
            }
        });
    }

    @Override
    public void complete() {
        try {
            session.close();
        } catch (IOException ignored) {
            // the client is gone already
        }
    }
}
