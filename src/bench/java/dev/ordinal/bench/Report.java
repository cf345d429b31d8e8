package dev.ordinal.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints the figures as Markdown tables: each phase with every server's throughput and latency,
 * and Ordinal's ratio to the mock (throughput for API phases, p99 delay for watch phases).
 */
final class Report {

    private final PrintStream out;

    Report(PrintStream out) {
        this.out = out;
    }

    void comparison(List<Figure> figures, String baseline) {
        Map<String, List<Figure>> byPhase = new LinkedHashMap<>();
        figures.forEach(f -> byPhase.computeIfAbsent(f.phase(), p -> new ArrayList<>()).add(f));
        out.println("| phase | server | operations | per second | p50 ms | p99 ms | CPU ms per op | ratio to mock |");
        out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        byPhase.forEach((phase, rows) -> {
            Figure base = rows.stream().filter(f -> f.server().equals(baseline)).findFirst().orElse(null);
            boolean watch = phase.startsWith("watch");
            for (Figure f : rows) {
                String ratio = "";
                if (base != null && f != base) {
                    ratio = watch ? "p99 %.2f×".formatted(f.p99Millis() / base.p99Millis())
                            : "%.1f×".formatted(f.perSecond() / base.perSecond());
                }
                out.printf("| %s | %s | %,d%s | %,.0f | %.2f | %.2f | %.2f | %s |%n", phase, f.server(),
                        f.operations(), f.errors() > 0 ? " (" + f.errors() + " failed)" : "", f.perSecond(),
                        f.p50Millis(), f.p99Millis(), f.cpuMillisPerOperation(), ratio);
            }
        });
        out.println();
    }

    /** One figure as soon as it is measured, on standard error. */
    static void progress(Figure f) {
        System.err.printf("  %-36s %-18s %,8d ops %,10.0f/s  p50 %8.2f ms  p99 %8.2f ms  CPU %6.2f ms/op%s%n",
                f.phase(), f.server(), f.operations(), f.perSecond(), f.p50Millis(), f.p99Millis(),
                f.cpuMillisPerOperation(),
                f.errors() > 0 ? "  " + f.errors() + " failed" : "");
    }

    void line(String format, Object... args) {
        out.printf(format + "%n", args);
    }
}
