package dev.ordinal.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmarks of the README, in one run: Ordinal (H2 file database, the default, and in-memory
 * H2) beside fabric8's mock server in CRUD mode under the same load from the same fabric8 client,
 * then what only Ordinal does (StatefulSet convergence, start-up, memory, kubectl).
 *
 * <p>Run with {@code ./mvnw -Pbench -DskipTests package exec:java}.
 */
public final class Benchmarks {

    /** Ordinal's settings in every run: random ports, a quiet log, a simulated cluster without delays. */
    static final List<String> ORDINAL_ARGUMENTS = List.of(
            "--server.port=0",
            "--ordinal.dns.port=0",
            "--logging.level.root=WARN",
            "--ordinal.kubelet.start-delay=0s",
            "--ordinal.kubelet.ready-delay=0s",
            "--ordinal.kubelet.stop-delay=0s");

    private Benchmarks() {
    }

    public static void main(String[] args) {
        Settings settings = Settings.fromSystemProperties();
        Report report = new Report(System.out);
        report.line("# Ordinal benchmarks: %d client threads, %,d pods (%,d for the large list)",
                settings.threads(), settings.objects(), settings.largeObjects());
        report.line("%s", Machine.describe());
        if (settings.runs("api") || settings.runs("watch")) {
            List<Figure> figures = new ArrayList<>();
            if (settings.servers().contains("mock")) {
                figures.addAll(compare(settings, new MockTarget()));
            }
            if (settings.servers().contains("file")) {
                figures.addAll(compare(settings, OrdinalTarget.file()));
            }
            if (settings.servers().contains("mem")) {
                figures.addAll(compare(settings, OrdinalTarget.inMemory()));
            }
            report.comparison(figures, MockTarget.NAME);
        }
        if (settings.runs("statefulset") || settings.runs("process") || settings.runs("memory")) {
            report.line("| Ordinal only | figure | | |");
            report.line("|---|---|---|---|");
        }
        if (settings.runs("statefulset")) {
            new StatefulSetConvergence(settings, report).run();
        }
        // Another build's jar (-Dbench.jar=…) measures the process and server phases of that build.
        Path jar = Path.of(System.getProperty("bench.jar", "target/ordinal.jar"));
        if ((settings.runs("process") || settings.runs("memory") || settings.runs("server")) && !Files.exists(jar)) {
            System.err.println("no " + jar + ": build it with ./mvnw package first");
        } else {
            if (settings.runs("process") || settings.runs("memory")) {
                new ProcessPhases(settings, report, jar).run();
            }
            if (settings.runs("server")) {
                new ServerCost(settings, report, jar).run();
            }
        }
        report.line("");
        report.line("load average at the end: %.2f", Machine.loadAverage());
        System.exit(0);
    }

    /** The phases every server runs; the server is stopped afterwards. */
    private static List<Figure> compare(Settings settings, Target target) {
        List<Figure> figures = new ArrayList<>();
        try (target) {
            System.err.println("measuring " + target.name() + " at " + target.url());
            if (settings.runs("api")) {
                figures.addAll(new ApiPhases(settings).run(target));
            }
            if (settings.runs("watch")) {
                WatchDelivery watch = new WatchDelivery(settings);
                figures.add(watch.run(target, 1));
                figures.add(watch.run(target, 100));
            }
        }
        System.gc();
        return figures;
    }
}
