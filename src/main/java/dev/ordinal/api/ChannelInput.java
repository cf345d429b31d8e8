package dev.ordinal.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a client sends on one stream as the receiving side reads it: the chunks received, in order,
 * then end of file once the stream is closed (the client's close signal or half-close, or the end
 * of the connection). Offering never blocks, so the connection's reader never waits for a reader.
 */
final class ChannelInput extends InputStream {
    private final Deque<byte[]> chunks = new ArrayDeque<>();
    private byte[] current = new byte[0];
    private int position;
    private boolean closed;

    synchronized void offer(byte[] chunk) {
        if (!closed && chunk.length > 0) {
            chunks.add(chunk);
            notifyAll();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == current.length) {
            if (!chunks.isEmpty()) {
                current = chunks.poll();
                position = 0;
            } else if (closed) {
                return -1;
            } else {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
            }
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, bytes, offset, n);
        position += n;
        return n;
    }
}
