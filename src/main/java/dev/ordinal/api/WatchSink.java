package dev.ordinal.api;

import java.io.IOException;

/**
 * Where a watch's encoded events go: a chunked HTTP response or a WebSocket. A sink never blocks
 * the thread that writes to it: when its transport can take no more it says so ({@link #ready()}
 * is false) and calls the stream back once it can, so a client that stops reading holds up no one
 * but itself.
 */
interface WatchSink {

    /** Whether an event can be written now; writes out what was written before, when it can. */
    boolean ready() throws IOException;

    /** Writes one event; only when {@link #ready()} said so. */
    void write(byte[] event) throws IOException;

    /** Ends the response normally; only when {@link #ready()} said so. */
    void complete();
}
