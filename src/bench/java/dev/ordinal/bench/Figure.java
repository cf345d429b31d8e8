package dev.ordinal.bench;

import java.util.Arrays;

/**
 * What one phase measured on one server: how many operations in how long, and the latency
 * distribution (for watch phases: the delivery delays, and the number of events).
 */
record Figure(String phase, String server, int operations, long elapsedNanos, double p50Millis,
              double p99Millis, int errors) {

    static Figure of(String phase, String server, long[] latencyNanos, long elapsedNanos, int errors) {
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        return new Figure(phase, server, sorted.length, elapsedNanos, millis(percentile(sorted, 50)),
                millis(percentile(sorted, 99)), errors);
    }

    double perSecond() {
        return operations * 1e9 / elapsedNanos;
    }

    /** Nearest-rank percentile of sorted samples. */
    static long percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
