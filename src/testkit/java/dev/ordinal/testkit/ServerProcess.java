package dev.ordinal.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An Ordinal server run from its jar as a child process, in a working directory of its own: an
 * in-memory store, free ports, and the kubeconfig the server writes once the API and DNS serve,
 * which tells where it listens. Stopped with the test run, or with the JVM if that ends first.
 */
final class ServerProcess {

    /** A cold JVM on a busy machine takes tens of seconds to start Spring; this is a wait, not a goal. */
    private static final Duration START_PATIENCE = Duration.ofMinutes(3);
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(20);

    private final Process process;
    private final Path directory;
    private final Path kubeconfig;
    private final Thread killer;

    private ServerProcess(Process process, Path directory, Path kubeconfig) {
        this.process = process;
        this.directory = directory;
        this.kubeconfig = kubeconfig;
        this.killer = new Thread(process::destroyForcibly, "ordinal-server-stop");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    static ServerProcess start(Path jar, List<String> settings) {
        try {
            Path directory = Files.createTempDirectory("ordinal-");
            Path kubeconfig = directory.resolve("kubeconfig");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // C1 alone starts the server about a third faster, and a test server lives briefly.
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-jar", jar.toAbsolutePath().toString(),
                    "--server.port=0",
                    "--ordinal.dns.port=0",
                    "--ordinal.kubeconfig=" + kubeconfig,
                    "--spring.datasource.url=jdbc:h2:mem:ordinal"));
            command.addAll(settings);
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("ordinal.log").toFile()).start();
            ServerProcess server = new ServerProcess(process, directory, kubeconfig);
            server.awaitKubeconfig();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Ordinal from " + jar, e);
        }
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    /** The server's URL, as the kubeconfig it wrote names it. */
    URI uri() {
        try {
            return KubeconfigServer.read(kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().removeShutdownHook(killer);
        delete(directory);
    }

    /** The server writes its kubeconfig once everything serves; the file is written whole, then read. */
    private void awaitKubeconfig() throws IOException {
        long deadline = System.nanoTime() + START_PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Ordinal stopped while starting (exit " + process.exitValue() + "):\n"
                        + logTail());
            }
            if (Files.exists(kubeconfig) && Files.readString(kubeconfig).contains("current-context:")) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                stop();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while Ordinal was starting", e);
            }
        }
        String log = logTail();
        stop();
        throw new IllegalStateException("Ordinal did not serve within " + START_PATIENCE + ":\n" + log);
    }

    private String logTail() throws IOException {
        List<String> lines = Files.readAllLines(directory.resolve("ordinal.log"), StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind harms no test.
        }
    }
}
