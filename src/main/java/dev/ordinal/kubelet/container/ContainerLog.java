package dev.ordinal.kubelet.container;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a container's main process wrote, line by line with the time each line was written, as
 * the container runtime's CRI log file keeps it (one record per line, stamped, tagged stdout or
 * stderr). Followers wait for lines past the ones they have; a log that is {@link #close closed}
 * (its container stopped) has no more.
 */
public final class ContainerLog {

    /** One line, with its newline when it had one (the last line of a process may not). */
    public record Line(Instant time, String stream, byte[] bytes) {
    }

    private final Clock clock;
    private final List<Line> lines = new ArrayList<>();
    private boolean closed;

    public ContainerLog(Clock clock) {
        this.clock = clock;
    }

    /** A stream whose writes become lines of this log, tagged {@code stream} ("stdout", "stderr"). */
    public OutputStream writer(String stream) {
        return new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                pending.write(b);
                if (b == '\n') {
                    append(stream, pending.toByteArray());
                    pending.reset();
                }
            }

            @Override
            public synchronized void write(byte[] bytes, int offset, int length) {
                for (int i = offset; i < offset + length; i++) {
                    write(bytes[i]);
                }
            }

            /** The rest of a line without newline is recorded when the writer closes, as a partial line. */
            @Override
            public synchronized void close() {
                if (pending.size() > 0) {
                    append(stream, pending.toByteArray());
                    pending.reset();
                }
            }
        };
    }

    private synchronized void append(String stream, byte[] line) {
        if (closed) {
            return;
        }
        lines.add(new Line(clock.instant(), stream, line));
        notifyAll();
    }

    /** Every line so far. */
    public synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    /**
     * The lines from index {@code from} on, waiting up to {@code timeout} for one to come; empty
     * when none came or the log is closed.
     */
    public synchronized List<Line> awaitFrom(int from, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lines.size() <= from && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return lines.size() > from ? List.copyOf(lines.subList(from, lines.size())) : List.of();
    }

    /** The container stopped: followers end once they have read what is there. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    public synchronized boolean closed() {
        return closed;
    }
}
