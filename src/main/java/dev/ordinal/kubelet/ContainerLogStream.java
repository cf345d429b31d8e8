package dev.ordinal.kubelet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.BooleanSupplier;

import dev.ordinal.kubelet.container.ContainerLog;
import dev.ordinal.registry.rest.LogStream;
import dev.ordinal.registry.rest.PodLogOptions;

/**
 * A container's log read as the kubelet's CRI log reader reads it for {@code PodLogOptions}
 * ({@code pkg/kubelet/kuberuntime/logs}): lines since a time, the last {@code tailLines}, each
 * prefixed with its RFC 3339 timestamp when asked, cut at {@code limitBytes}; followed, new lines
 * are written as they come until the container stops.
 */
final class ContainerLogStream implements LogStream {

    private static final Duration POLL = Duration.ofSeconds(1);

    private final ContainerLog log;
    private final PodLogOptions options;
    private final Clock clock;
    private final BooleanSupplier serving;
    private long remaining;

    /** {@code serving} false ends a followed log, as the server stops serving. */
    ContainerLogStream(ContainerLog log, PodLogOptions options, Clock clock, BooleanSupplier serving) {
        this.log = log;
        this.options = options;
        this.clock = clock;
        this.serving = serving;
        this.remaining = options.limitBytes() == null ? Long.MAX_VALUE : options.limitBytes();
    }

    @Override
    public void writeTo(OutputStream out) throws IOException, InterruptedException {
        List<ContainerLog.Line> lines = log.lines();
        int seen = lines.size();
        Instant since = since();
        List<ContainerLog.Line> selected = lines.stream().filter(line -> since == null || !line.time().isBefore(since))
                .toList();
        if (options.tailLines() != null) {
            selected = selected.subList((int) Math.max(0, selected.size() - options.tailLines()), selected.size());
        }
        if (!write(selected, out) || !options.follow()) {
            return;
        }
        while (serving.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            List<ContainerLog.Line> next = log.awaitFrom(seen, POLL);
            seen += next.size();
            if (!write(next, out) || next.isEmpty() && log.closed()) {
                return;
            }
        }
    }

    private Instant since() {
        if (options.sinceTime() != null) {
            return options.sinceTime();
        }
        return options.sinceSeconds() == null ? null : clock.instant().minusSeconds(options.sinceSeconds());
    }

    /** Writes lines until the byte limit; false once it is reached. */
    private boolean write(List<ContainerLog.Line> lines, OutputStream out) throws IOException {
        for (ContainerLog.Line line : lines) {
            byte[] bytes = line.bytes();
            if (options.timestamps()) {
                byte[] stamp = (DateTimeFormatter.ISO_INSTANT.format(line.time()) + " ").getBytes(StandardCharsets.UTF_8);
                byte[] joined = new byte[stamp.length + bytes.length];
                System.arraycopy(stamp, 0, joined, 0, stamp.length);
                System.arraycopy(bytes, 0, joined, stamp.length, bytes.length);
                bytes = joined;
            }
            int length = (int) Math.min(bytes.length, remaining);
            out.write(bytes, 0, length);
            remaining -= length;
            if (remaining == 0) {
                out.flush();
                return false;
            }
        }
        out.flush();
        return true;
    }
}
