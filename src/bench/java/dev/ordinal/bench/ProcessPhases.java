package dev.ordinal.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What only a separate Ordinal process shows: time from JVM start to {@code /readyz}, memory with
 * many pods stored, and {@code kubectl get pods -A} over them. The group {@code memory} is the
 * memory figures alone, without start-up times or kubectl.
 */
final class ProcessPhases {

    /**
     * JVM options for a small footprint, as the README suggests: the serial collector, and a heap
     * that starts small and gives memory back once it is more than 30% free.
     */
    static final List<String> SMALL_FOOTPRINT =
            List.of("-XX:+UseSerialGC", "-Xms32m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30");

    private final Settings settings;
    private final Report report;
    private final Path jar;

    ProcessPhases(Settings settings, Report report, Path jar) {
        this.settings = settings;
        this.report = report;
        this.jar = jar;
    }

    void run() {
        if (settings.runs("process")) {
            startUps();
        }
        storedPods(List.of(), settings.runs("process"));
        storedPods(SMALL_FOOTPRINT, false);
    }

    private void startUps() {
        startUp("java -jar ordinal.jar", () -> new OrdinalProcess(jar, List.of()));
        Path cds = ClassDataSharing.archive(jar);
        if (cds != null) {
            startUp("java -XX:SharedArchiveFile -jar (AppCDS)",
                    () -> new OrdinalProcess(ClassDataSharing.extractedJar(jar), ClassDataSharing.options(cds)));
        }
        Launcher launcher = Launcher.prepare(jar);
        if (launcher != null) {
            startUp("launcher (Spring AOT + AppCDS)", () -> launcher.start(""));
            startUp("launcher, JAVA_OPTS=-XX:TieredStopAtLevel=1",
                    () -> launcher.start("-XX:TieredStopAtLevel=1"));
            launcher.delete();
        }
    }

    /**
     * Starts the server a few times; each start is a new JVM with an empty database. Besides the
     * time to ready, the CPU time (user and system) the process used until then: other work on
     * the machine stretches the one much more than the other.
     */
    private void startUp(String how, Supplier<OrdinalProcess> start) {
        List<Duration> times = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < settings.starts(); i++) {
            try (OrdinalProcess ordinal = start.get()) {
                times.add(ordinal.awaitReady());
                cpu.add(ordinal.cpuSeconds());
            }
        }
        times.sort(null);
        cpu.sort(null);
        report.line("| JVM start to /readyz, %s | min %.2f s | median %.2f s; CPU median %.2f s | %d starts |", how,
                seconds(times.get(0)), seconds(times.get(times.size() / 2)), cpu.get(cpu.size() / 2), times.size());
    }

    /**
     * Resident memory with {@code largeObjects} pods stored, with the JVM's defaults (which size
     * the heap from the machine's memory) or {@code jvmOptions}; once the server is idle, its live
     * heap after a full GC and its threads; with {@code kubectl}, also {@code kubectl get pods -A}
     * over them.
     */
    private void storedPods(List<String> jvmOptions, boolean kubectl) {
        int pods = settings.largeObjects();
        String jvm = jvmOptions.isEmpty() ? "JVM defaults" : String.join(" ", jvmOptions);
        try (OrdinalProcess ordinal = new OrdinalProcess(jar, jvmOptions)) {
            ordinal.awaitReady();
            report.line("| resident memory, empty, %s | %.0f MiB | | |", jvm, ordinal.residentMiB());
            try (KubernetesClient client = ordinal.client()) {
                ApiPhases.createNamespace(client, "bench");
                new Load(settings.threads()).run("create", ordinal.name(), pods,
                        i -> client.pods().inNamespace("bench").resource(Pods.pod(i)).create());
            }
            report.line("| resident memory, %,d pods, %s | %.0f MiB | | |", pods, jvm, ordinal.residentMiB());
            ordinal.awaitIdle();
            OrdinalProcess.LiveHeap live = ordinal.liveHeap();
            report.line("| live heap after a full GC, %,d pods, %s | %.0f MiB | %,d objects | |", pods, jvm,
                    live.mebibytes(), live.instances());
            report.line("| threads, %,d pods, %s | %d | | |", pods, jvm, ordinal.threads());
            if (!kubectl) {
                ordinal.collectGarbage();
                report.line("| resident memory after a full GC, %,d pods, %s | %.0f MiB | | |", pods, jvm,
                        ordinal.residentMiB());
                return;
            }
            Path home = ordinal.directory().resolve("kubectl");
            List<Duration> warm = new ArrayList<>();
            Duration cold = kubectl(ordinal.kubeconfig(), home, pods);
            double cpuBefore = ordinal.cpuSeconds();
            for (int i = 0; i < settings.starts(); i++) {
                warm.add(kubectl(ordinal.kubeconfig(), home, pods));
            }
            double serverCpu = (ordinal.cpuSeconds() - cpuBefore) / settings.starts();
            warm.sort(null);
            report.line("| kubectl get pods -A, %,d pods | first (discovery) %.2f s | then min %.2f s, median %.2f s;"
                            + " server CPU %.2f s a run | %d runs |", pods, seconds(cold), seconds(warm.get(0)),
                    seconds(warm.get(warm.size() / 2)), serverCpu, warm.size() + 1);
            kubectlAlone(ordinal, pods);
            report.line("| resident memory after kubectl, %,d pods, %s | %.0f MiB | | |", pods, jvm,
                    ordinal.residentMiB());
            ordinal.collectGarbage();
            report.line("| resident memory after a full GC, %,d pods, %s | %.0f MiB | | |", pods, jvm,
                    ordinal.residentMiB());
        }
    }

    /**
     * The same {@code kubectl get pods -A} against a replay of Ordinal's answers to it: kubectl's own
     * time on this machine, the floor under the figure above.
     */
    private void kubectlAlone(OrdinalProcess ordinal, int pods) {
        try (ResponseReplay replay = new ResponseReplay(ordinal.url())) {
            Path home = ordinal.directory().resolve("kubectl-replay");
            Files.createDirectories(home);
            Path kubeconfig = home.resolve("kubeconfig");
            Files.writeString(kubeconfig, Files.readString(ordinal.kubeconfig()).replace(ordinal.url(), replay.url()));
            kubectl(kubeconfig, home, pods);
            replay.replay();
            List<Duration> runs = new ArrayList<>();
            for (int i = 0; i < settings.starts(); i++) {
                runs.add(kubectl(kubeconfig, home, pods));
            }
            runs.sort(null);
            report.line("| kubectl get pods -A, %,d pods, against a replay of Ordinal's answers (kubectl alone) |"
                    + " min %.2f s, median %.2f s | | %d runs |", pods, seconds(runs.get(0)),
                    seconds(runs.get(runs.size() / 2)), runs.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One {@code kubectl get pods -A} with its own kubeconfig, cache directory, HOME and TMPDIR. */
    private static Duration kubectl(Path kubeconfig, Path home, int expectedPods) {
        try {
            Files.createDirectories(home.resolve("tmp"));
            Path output = home.resolve("output.txt");
            ProcessBuilder builder = new ProcessBuilder("kubectl", "--kubeconfig=" + kubeconfig,
                    "--cache-dir=" + home.resolve("cache"), "get", "pods", "-A")
                    .redirectOutput(output.toFile()).redirectError(home.resolve("stderr.txt").toFile());
            builder.environment().put("HOME", home.toString());
            builder.environment().put("TMPDIR", home.resolve("tmp").toString());
            builder.environment().remove("KUBECONFIG");
            long start = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl did not finish in 120 s");
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            long lines = Files.readAllLines(output, StandardCharsets.UTF_8).size();
            if (process.exitValue() != 0 || lines != expectedPods + 1) {
                throw new IllegalStateException("kubectl exited with " + process.exitValue() + " after " + lines
                        + " lines: " + Files.readString(home.resolve("stderr.txt")));
            }
            return took;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
