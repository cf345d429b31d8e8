package dev.ordinal.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs a phase's operations on a fixed number of client threads, as fast as the server answers
 * (a closed loop: each thread sends its next request when the last one was answered), and
 * records each operation's latency.
 */
final class Load {

    private final int threads;

    Load(int threads) {
        this.threads = threads;
    }

    /** Runs {@code operation} for each index in [0, count) and measures it. */
    Figure run(String phase, String server, int count, IntConsumer operation) {
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<RuntimeException> firstError = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        long cpuStart = Figure.processCpuNanos();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    long begin = System.nanoTime();
                    try {
                        operation.accept(i);
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e);
                    }
                    latencies[i] = System.nanoTime() - begin;
                }
            }, "bench-client-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        long elapsed = System.nanoTime() - start;
        long cpu = Figure.processCpuNanos() - cpuStart;
        if (firstError.get() != null) {
            System.err.printf("%s on %s: %d of %d operations failed, the first with: %s%n", phase, server,
                    errors.get(), count, firstError.get());
        }
        Figure figure = Figure.of(phase, server, latencies, elapsed, cpu, errors.get());
        Report.progress(figure);
        return figure;
    }
}
