package dev.ordinal.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * One stream of a {@link SpdyConnection}, opened by the client: its headers (names lower-case, as
 * spdystream sends them), what the client sends on it until its FIN, and the server's side, whose
 * close is the empty DATA frame with FIN spdystream closes a stream with.
 */
final class SpdyStream {

    /** Larger writes go out as several DATA frames; kubectl itself writes at most 32 KiB at once. */
    private static final int MAX_DATA = 32 * 1024;

    private final SpdyConnection connection;
    private final int id;
    private final Map<String, String> headers;
    private final ChannelInput input = new ChannelInput();
    private final OutputStream output = new Output();
    private final CountDownLatch replied = new CountDownLatch(1);
    private volatile boolean outputClosed;
    private volatile boolean inputEnded;

    SpdyStream(SpdyConnection connection, int id, Map<String, String> headers) {
        this.connection = connection;
        this.id = id;
        this.headers = Map.copyOf(headers);
    }

    int id() {
        return id;
    }

    /** The header's value, empty when the client did not send it. */
    String header(String name) {
        return headers.getOrDefault(name, "");
    }

    InputStream input() {
        return input;
    }

    OutputStream output() {
        return output;
    }

    void received(byte[] data) {
        input.offer(data);
    }

    /** The client's FIN, its reset, or the end of the connection: nothing more arrives. */
    void inputEnded() {
        inputEnded = true;
        input.close();
        forgetWhenDone();
    }

    /**
     * A stream closed both ways is done: the connection forgets it, so a long port-forward that
     * carries many connections holds only the open ones.
     */
    private void forgetWhenDone() {
        if (inputEnded && outputClosed) {
            connection.forget(id);
        }
    }

    /** The client reset the stream: nothing more is sent on it either. */
    void reset() {
        input.close();
        outputClosed = true;
        replied.countDown();
    }

    /** The SYN_REPLY is sent: data may follow it. */
    void replied() {
        replied.countDown();
    }

    /** A stream's data must not overtake its SYN_REPLY, which its handler's thread could otherwise do. */
    private void awaitReply() throws IOException {
        try {
            replied.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            awaitReply();
            if (outputClosed) {
                throw new IOException("stream " + id + " is closed");
            }
            for (int start = offset; start < offset + length; start += MAX_DATA) {
                connection.data(id, bytes, start, Math.min(MAX_DATA, offset + length - start), false);
            }
        }

        @Override
        public void close() throws IOException {
            awaitReply();
            if (!outputClosed) {
                outputClosed = true;
                connection.data(id, new byte[0], 0, 0, true);
                forgetWhenDone();
            }
        }
    }
}
