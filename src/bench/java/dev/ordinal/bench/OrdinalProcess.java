package dev.ordinal.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Ordinal as users start it, {@code java [options] -jar ordinal.jar}, in a child process with its
 * own working directory (H2 file database, kubeconfig), measured from the outside.
 */
final class OrdinalProcess implements Target {

    /** USER_HZ, the unit of /proc/<pid>/stat times: 100 on Linux. */
    private static final int CLOCK_TICKS_PER_SECOND = 100;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Path directory;
    private final int port;
    private final Process process;
    private final long startedNanos;

    /** Starts {@code jar} with the JVM options before {@code -jar}. */
    OrdinalProcess(Path jar, List<String> jvmOptions) {
        this(javaCommand(jar, jvmOptions), Map.of());
    }

    /**
     * Starts the server with {@code command} (what comes before the server's options, e.g. a
     * launcher script) and these environment variables added.
     */
    OrdinalProcess(List<String> command, Map<String, String> environment) {
        this.directory = Directories.create("ordinal-process");
        this.port = freePort();
        List<String> full = new ArrayList<>(command);
        full.add("--server.port=" + port);
        full.addAll(Benchmarks.ORDINAL_ARGUMENTS.stream().filter(a -> !a.startsWith("--server.port")).toList());
        full.add("--ordinal.kubeconfig=" + kubeconfig());
        try {
            ProcessBuilder builder = new ProcessBuilder(full).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(directory.resolve("ordinal.log").toFile());
            builder.environment().putAll(environment);
            this.startedNanos = System.nanoTime();
            this.process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> javaCommand(Path jar, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        return command;
    }

    /** Waits for {@code /readyz} to answer ok; returns the time since the JVM was started. */
    Duration awaitReady() {
        URI readyz = URI.create(url() + "/readyz");
        long deadline = startedNanos + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Ordinal exited with " + process.exitValue() + ", see "
                        + directory.resolve("ordinal.log"));
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(readyz).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - startedNanos);
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause();
        }
        throw new IllegalStateException("Ordinal was not ready within 300 s");
    }

    /** Resident memory of the process, from {@code /proc/<pid>/status}, in MiB. */
    double residentMiB() {
        return status("VmRSS:") / 1024.0;
    }

    /** The process's threads, from {@code /proc/<pid>/status}. */
    long threads() {
        return status("Threads:");
    }

    /** The number on a line of {@code /proc/<pid>/status}. */
    private long status(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            throw new IllegalStateException("no " + key + " in /proc/" + process.pid() + "/status");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * CPU time the process has used, user and system, from {@code /proc/<pid>/stat}; unlike wall
     * time, other work on the machine hardly changes it.
     */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // Fields after the parenthesised command name: state is the 3rd, utime the 14th, stime the 15th.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the server is idle: it used less than 5% of a CPU over a second (its own CPU time,
     * so other work on the machine does not hold this up), or 60 s have passed.
     */
    void awaitIdle() {
        long start = System.nanoTime();
        double before = cpuSeconds();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
            sleep(1_000);
            double now = cpuSeconds();
            if (now - before < 0.05) {
                System.err.printf("  server idle after %.0f s%n", (System.nanoTime() - start) / 1e9);
                return;
            }
            before = now;
        }
        System.err.println("  server still busy after 60 s");
    }

    /** A full garbage collection ({@code jcmd <pid> GC.run}): G1 then returns unused heap to the system. */
    void collectGarbage() {
        jcmd("GC.run");
    }

    /**
     * The objects still reachable after a full garbage collection, from the "Total" line of
     * {@code jcmd <pid> GC.class_histogram} (which collects first).
     */
    LiveHeap liveHeap() {
        String histogram = jcmd("GC.class_histogram");
        for (String line : histogram.split("\n")) {
            if (line.startsWith("Total")) {
                String[] fields = line.trim().split("\\s+");
                return new LiveHeap(Long.parseLong(fields[1]), Long.parseLong(fields[2]));
            }
        }
        throw new IllegalStateException("no Total in the class histogram: " + histogram);
    }

    /** Instances and bytes of the live objects of the heap. */
    record LiveHeap(long instances, long bytes) {

        double mebibytes() {
            return bytes / 1024.0 / 1024.0;
        }
    }

    /** Runs a {@code jcmd} diagnostic command on the server and returns its output. */
    private String jcmd(String command) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), command).redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + command + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Path directory() {
        return directory;
    }

    /** The kubeconfig the server writes, pointing at itself. */
    Path kubeconfig() {
        return directory.resolve("ordinal.kubeconfig");
    }

    @Override
    public String name() {
        return "ordinal (java -jar)";
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Directories.delete(directory);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause() {
        sleep(10);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
