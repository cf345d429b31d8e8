package dev.ordinal.bench;

import java.util.Arrays;

/**
 * What one phase measured on one server: how many operations in how long, the latency
 * distribution (for watch phases: the delivery delays, and the number of events), and the CPU time
 * this process (client and in-process server together) spent on them, which other work on the
 * machine disturbs far less than throughput.
 */
record Figure(String phase, String server, int operations, long elapsedNanos, double p50Millis,
              double p99Millis, long cpuNanos, int errors) {

    static Figure of(String phase, String server, long[] latencyNanos, long elapsedNanos, long cpuNanos,
                     int errors) {
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        return new Figure(phase, server, sorted.length, elapsedNanos, millis(percentile(sorted, 50)),
                millis(percentile(sorted, 99)), cpuNanos, errors);
    }

    double cpuMillisPerOperation() {
        return operations == 0 ? 0 : cpuNanos / 1e6 / operations;
    }

    /** CPU time of this process so far. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
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
