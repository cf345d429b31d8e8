package dev.ordinal.kubelet;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.ordinal.kubelet.container.ContainerLog;
import dev.ordinal.registry.rest.PodLogOptions;
import dev.ordinal.testing.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A container's log read with PodLogOptions: since, tail, timestamps, byte limit, follow. */
class ContainerLogStreamTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final ContainerLog log = new ContainerLog(clock);

    ContainerLogStreamTest() throws Exception {
        OutputStream out = log.writer("stdout");
        out.write("one\n".getBytes(StandardCharsets.UTF_8));
        clock.advance(Duration.ofSeconds(10));
        out.write("two\n".getBytes(StandardCharsets.UTF_8));
        clock.advance(Duration.ofSeconds(10));
        out.write("three\n".getBytes(StandardCharsets.UTF_8));
    }

    private String read(PodLogOptions options) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ContainerLogStream(log, options, clock, () -> true).writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static PodLogOptions options(boolean timestamps, Long sinceSeconds, Instant sinceTime, Long tail,
                                         Long limit) {
        return new PodLogOptions("main", false, false, timestamps, sinceSeconds, sinceTime, tail, limit);
    }

    @Test
    void selectsBySinceAndTailAndCutsAtTheLimit() throws Exception {
        assertThat(read(options(false, null, null, null, null))).isEqualTo("one\ntwo\nthree\n");
        assertThat(read(options(false, 15L, null, null, null))).isEqualTo("two\nthree\n");
        assertThat(read(options(false, null, Instant.parse("2026-03-01T10:00:20Z"), null, null))).isEqualTo("three\n");
        assertThat(read(options(false, null, null, 2L, null))).isEqualTo("two\nthree\n");
        assertThat(read(options(false, null, null, null, 6L))).isEqualTo("one\ntw");
        assertThat(read(options(true, null, null, 1L, null))).isEqualTo("2026-03-01T10:00:20Z three\n");
    }

    @Test
    void followingEndsWhenTheContainerStops() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread follower = new Thread(() -> {
            try {
                new ContainerLogStream(log, new PodLogOptions("main", true, false, false, null, null, 1L, null), clock,
                        () -> true).writeTo(out);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        follower.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString(StandardCharsets.UTF_8).equals("three\n"));
        log.writer("stderr").write("four\n".getBytes(StandardCharsets.UTF_8));
        log.close();
        follower.join(10_000);
        assertThat(follower.isAlive()).isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("three\nfour\n");
    }
}
