package dev.ordinal.it.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.ordinal.KubeconfigWriter;
import dev.ordinal.testing.RestApi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs one client's script against a test server: a namespace of its own, the kubeconfig the
 * server writes for its users (naming that namespace), and the script's exit code asserted, with
 * everything it printed as the failure's message.
 */
final class ClientScript {

    private static final long TIMEOUT_SECONDS = 90;

    private ClientScript() {
    }

    /** Runs {@code command} followed by the kubeconfig's path in {@code directory}; fails unless it exits 0. */
    static String run(int port, String namespace, Path directory, List<String> command) {
        RestApi api = new RestApi(port);
        api.create("/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + namespace + "\"}}");
        try {
            Path work = Files.createTempDirectory("ordinal-" + namespace);
            Path kubeconfig = Files.writeString(work.resolve("kubeconfig"), KubeconfigWriter.kubeconfig(port, namespace));
            Path output = work.resolve("output.log");
            ProcessBuilder builder = new ProcessBuilder(concat(command, kubeconfig.toString()))
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().remove("KUBECONFIG");
            builder.environment().put("HOME", work.toString());
            Process process = builder.start();
            process.getOutputStream().close();
            boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor();
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(finished).as("%s did not finish in %d s; it printed:%n%s", command, TIMEOUT_SECONDS, printed)
                    .isTrue();
            assertThat(process.exitValue()).as("%s exited %d; it printed:%n%s", command, process.exitValue(), printed)
                    .isZero();
            return printed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs a short command, e.g. a version check; answers its exit code and output, or -1 if it cannot start. */
    static Outcome probe(Path directory, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Outcome(-1, printed + "\n(did not finish in 300 s)");
            }
            return new Outcome(process.exitValue(), printed);
        } catch (IOException e) {
            return new Outcome(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    record Outcome(int exitCode, String output) {
    }

    private static List<String> concat(List<String> command, String last) {
        return Stream.concat(command.stream(), Stream.of(last)).toList();
    }
}
