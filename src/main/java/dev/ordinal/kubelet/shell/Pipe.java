package dev.ordinal.kubelet.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * A pipe between two commands of a pipeline: a bounded buffer, so a fast writer waits for its
 * reader; a reader gets end of file once the writer closed, and a writer whose reader closed gets
 * an error, as {@code EPIPE} ends {@code yes | head -1}'s first command.
 */
public final class Pipe {

    private static final int CAPACITY = 64 * 1024;

    private final byte[] buffer = new byte[CAPACITY];
    private int start;
    private int size;
    private boolean writerClosed;
    private boolean readerClosed;

    /** The reading end. */
    public final InputStream source = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            return take(bytes, offset, length);
        }

        @Override
        public void close() {
            closeReader();
        }
    };

    /** The writing end. */
    public final OutputStream sink = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            put(bytes, offset, length);
        }

        @Override
        public void close() {
            closeWriter();
        }
    };

    private synchronized int take(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (size == 0 && !writerClosed) {
            await();
        }
        if (size == 0) {
            return -1;
        }
        int n = Math.min(length, size);
        for (int i = 0; i < n; i++) {
            bytes[offset + i] = buffer[(start + i) % CAPACITY];
        }
        start = (start + n) % CAPACITY;
        size -= n;
        notifyAll();
        return n;
    }

    private synchronized void put(byte[] bytes, int offset, int length) throws IOException {
        int written = 0;
        while (written < length) {
            while (size == CAPACITY && !readerClosed) {
                await();
            }
            if (readerClosed) {
                throw new IOException("Broken pipe");
            }
            int n = Math.min(length - written, CAPACITY - size);
            for (int i = 0; i < n; i++) {
                buffer[(start + size + i) % CAPACITY] = bytes[offset + written + i];
            }
            size += n;
            written += n;
            notifyAll();
        }
    }

    private void await() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
    }

    public synchronized void closeWriter() {
        writerClosed = true;
        notifyAll();
    }

    private synchronized void closeReader() {
        readerClosed = true;
        notifyAll();
    }
}
