package dev.ordinal.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code src/main/scripts/ordinal}, the launcher that starts the extracted jar with Spring AOT and its own
 * AppCDS archive, run as users run it, with the benchmark's JVM and the archive in a temporary
 * directory.
 */
final class Launcher {

    private static final String SCRIPT = Path.of("src", "main", "scripts", "ordinal").toAbsolutePath().toString();

    private final Path directory;
    private final Map<String, String> environment;

    private Launcher(Path directory, Map<String, String> environment) {
        this.directory = directory;
        this.environment = environment;
    }

    /** Makes the launcher's archive ({@code ordinal prepare}); null (with a note) when that failed. */
    static Launcher prepare(Path jar) {
        Path directory = Directories.create("ordinal-launcher");
        Map<String, String> environment = Map.of(
                "ORDINAL_JAR", jar.toAbsolutePath().toString(),
                "ORDINAL_CDS_DIR", directory.resolve("cds").toString(),
                "JAVA_HOME", System.getProperty("java.home"));
        try {
            ProcessBuilder builder = new ProcessBuilder(SCRIPT, "prepare").directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(directory.resolve("prepare.log").toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (process.waitFor(300, TimeUnit.SECONDS) && process.exitValue() == 0) {
                return new Launcher(directory, environment);
            }
            process.destroyForcibly();
        } catch (IOException e) {
            // reported below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        System.err.println("src/main/scripts/ordinal could not make its archive, see " + directory);
        return null;
    }

    /** Starts the server through the launcher, with {@code javaOptions} as its JAVA_OPTS. */
    OrdinalProcess start(String javaOptions) {
        Map<String, String> withOptions = new HashMap<>(environment);
        withOptions.put("JAVA_OPTS", javaOptions);
        return new OrdinalProcess(List.of(SCRIPT), withOptions);
    }

    /** Removes the extracted jar and the archive. */
    void delete() {
        Directories.delete(directory);
    }
}
