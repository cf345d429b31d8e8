package dev.ordinal.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class GroupSyncTest {

    private final AtomicLong written = new AtomicLong();
    private final AtomicLong onDisk = new AtomicLong();
    private final AtomicInteger syncs = new AtomicInteger();

    /** A sync that takes a while, as an fsync does, and puts on disk what was written when it started. */
    private final GroupSync groupSync = new GroupSync(() -> {
        long covered = written.get();
        syncs.incrementAndGet();
        sleep(20);
        onDisk.accumulateAndGet(covered, Math::max);
    }, written::get);

    @Test
    void aWriterReturnsOnlyOnceItsCommitIsOnDisk() {
        groupSync.awaitDurable(written.incrementAndGet());

        assertThat(onDisk).hasValue(1);
        assertThat(syncs).hasValue(1);
    }

    @Test
    void aCommitAlreadyOnDiskNeedsNoSync() {
        groupSync.awaitDurable(written.incrementAndGet());
        groupSync.awaitDurable(1);

        assertThat(syncs).hasValue(1);
    }

    @Test
    void writersCommittingWhileASyncRunsShareTheNextOne() throws Exception {
        int writers = 16;
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            results.add(threads.submit(() -> {
                start.await();
                long mine;
                synchronized (written) {
                    mine = written.incrementAndGet();
                }
                groupSync.awaitDurable(mine);
                // What this writer answers must be on disk by now.
                assertThat(onDisk.get()).isGreaterThanOrEqualTo(mine);
                return mine;
            }));
        }
        start.countDown();
        for (Future<Long> result : results) {
            result.get(10, TimeUnit.SECONDS);
        }
        threads.shutdown();

        assertThat(onDisk).hasValue(writers);
        assertThat(syncs.get()).isBetween(1, writers / 2);
    }

    @Test
    void aFailedSyncFailsTheWriterAndTheNextOneTriesAgain() {
        AtomicInteger attempts = new AtomicInteger();
        GroupSync failingOnce = new GroupSync(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("disk full");
            }
        }, () -> 1);

        assertThatThrownBy(() -> failingOnce.awaitDurable(1)).hasMessage("disk full");
        failingOnce.awaitDurable(1);

        assertThat(attempts).hasValue(2);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
