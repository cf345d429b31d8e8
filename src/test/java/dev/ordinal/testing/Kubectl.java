package dev.ordinal.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.ordinal.KubeconfigWriter;

/**
 * Runs the real kubectl binary against a test server with its own kubeconfig, cache directory,
 * HOME and TMPDIR, so a user's ~/.kube is never read or written.
 */
public final class Kubectl {

    private static final Pattern VERSIONED = Pattern.compile("kubectl\\.1\\.(\\d+)");

    private final Path home;
    private final Path kubeconfig;
    private final String binary;

    public Kubectl(int port, String namespace) {
        this("kubectl", port, namespace);
    }

    /** {@code binary} may name one client directly, e.g. {@code kubectl.1.33}. */
    public Kubectl(String binary, int port, String namespace) {
        // The kubeconfig the server writes for its users, so kubectl is tested with what they get.
        this(binary, KubeconfigWriter.kubeconfig(port, namespace));
    }

    /** kubectl with the given kubeconfig, e.g. the one a server with security on wrote. */
    public static Kubectl withKubeconfig(String kubeconfig) {
        return new Kubectl("kubectl", kubeconfig);
    }

    private Kubectl(String binary, String kubeconfigText) {
        this.binary = binary;
        try {
            this.home = Files.createTempDirectory("ordinal-kubectl");
            Files.createDirectories(home.resolve("tmp"));
            this.kubeconfig = home.resolve("kubeconfig");
            Files.writeString(kubeconfig, kubeconfigText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean installed() {
        return onPath().isPresent();
    }

    /**
     * The clients of single minor versions that google-cloud-cli installs beside its kubectl
     * dispatcher ({@code kubectl.1.28}, {@code kubectl.1.33}, ...), as absolute paths, oldest first;
     * empty when kubectl is not that dispatcher.
     */
    public static List<Path> installedVersions() {
        Optional<Path> kubectl = onPath();
        if (kubectl.isEmpty()) {
            return List.of();
        }
        try (Stream<Path> siblings = Files.list(kubectl.get().toRealPath().getParent())) {
            return siblings.filter(path -> VERSIONED.matcher(path.getFileName().toString()).matches())
                    .filter(Files::isExecutable)
                    .sorted(Comparator.comparingInt(Kubectl::minor))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The minor version of a versioned client, from its name: 28 for {@code kubectl.1.28}. */
    public static int minor(Path versionedBinary) {
        Matcher matcher = VERSIONED.matcher(versionedBinary.getFileName().toString());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(versionedBinary + " names no kubectl minor version");
        }
        return Integer.parseInt(matcher.group(1));
    }

    private static Optional<Path> onPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public Path home() {
        return home;
    }

    /** Writes a file into the kubectl home, e.g. a manifest, and returns its path. */
    public Path file(String name, String content) {
        try {
            Path path = home.resolve(name);
            Files.writeString(path, content);
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Result run(String... args) {
        return run(Map.of(), args);
    }

    public Result run(Map<String, String> environment, String... args) {
        return run(environment, new byte[0], args);
    }

    /** Runs kubectl with {@code input} on its standard input, closed after it (as {@code printf ... | kubectl ...}). */
    public Result run(byte[] input, String... args) {
        return run(Map.of(), input, args);
    }

    private Result run(Map<String, String> environment, byte[] input, String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.add("--kubeconfig=" + kubeconfig);
        command.add("--cache-dir=" + home.resolve("cache"));
        command.addAll(List.of(args));
        try {
            Process process = start(command, environment);
            try (var stdin = process.getOutputStream()) {
                stdin.write(input);
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 120 s");
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.exitValue(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts kubectl and leaves it running, e.g. {@code get -w}; output goes to the given file. */
    public Process start(Path output, String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.add("--kubeconfig=" + kubeconfig);
        command.add("--cache-dir=" + home.resolve("cache"));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = builder(command, Map.of());
            builder.redirectOutput(output.toFile());
            builder.redirectError(ProcessBuilder.Redirect.appendTo(home.resolve("stderr.log").toFile()));
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Process start(List<String> command, Map<String, String> environment) throws IOException {
        return builder(command, environment).start();
    }

    private ProcessBuilder builder(List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.remove("KUBECONFIG");
        env.put("HOME", home.toString());
        env.put("TMPDIR", home.resolve("tmp").toString());
        env.putAll(environment);
        return builder;
    }

    /** What one kubectl run printed. */
    public record Result(int exitCode, String out, String err) {

        public String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
