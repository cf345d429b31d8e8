package dev.ordinal.controller.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkQueueTest {

    private final WorkQueue queue = new WorkQueue("test");

    @AfterEach
    void shutDown() {
        queue.shutDown();
    }

    @Test
    void aKeyQueuedWhileWaitingIsQueuedOnce() throws InterruptedException {
        queue.add("a");
        queue.add("b");
        queue.add("a");

        assertThat(queue.length()).isEqualTo(2);
        assertThat(queue.take()).isEqualTo("a");
        assertThat(queue.take()).isEqualTo("b");
        assertThat(queue.length()).isZero();
    }

    @Test
    void aKeyQueuedWhileProcessingWaitsUntilDoneAndIsThenQueuedAgain() throws InterruptedException {
        queue.add("a");
        assertThat(queue.take()).isEqualTo("a");

        queue.add("a");
        queue.add("a");
        // Not handed to a second worker while the first holds it.
        assertThat(queue.length()).isZero();
        queue.done("a");

        assertThat(queue.length()).isEqualTo(1);
        assertThat(queue.take()).isEqualTo("a");
        queue.done("a");
        assertThat(queue.length()).isZero();
    }

    @Test
    void aKeyQueuedAfterADelayArrivesAfterIt() throws Exception {
        long start = System.nanoTime();
        queue.addAfter("a", 100);
        assertThat(queue.length()).isZero();

        assertThat(queue.take()).isEqualTo("a");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void shuttingDownWakesTakersAndRefusesNewKeys() throws Exception {
        CompletableFuture<String> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);

        queue.shutDown();

        assertThat(taken.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(queue.shuttingDown()).isTrue();
        queue.add("a");
        queue.addAfter("b", 1);
        assertThat(queue.length()).isZero();
    }
}
