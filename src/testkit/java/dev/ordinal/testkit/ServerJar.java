package dev.ordinal.testkit;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the server's jar is: the system property {@code ordinal.jar}, else the environment
 * variable {@code ORDINAL_JAR} (which the {@code ordinal} launcher reads too), else the jar next to
 * the kit's own: {@code ordinal.jar} beside {@code ordinal-testkit.jar} in a build's {@code target/},
 * or {@code dev/ordinal/ordinal/<version>/ordinal-<version>.jar} beside the kit in a Maven repository.
 */
final class ServerJar {

    private ServerJar() {
    }

    static Path find() {
        String configured = System.getProperty("ordinal.jar", System.getenv("ORDINAL_JAR"));
        if (configured != null && !configured.isBlank()) {
            Path jar = Path.of(configured);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("The Ordinal jar " + jar.toAbsolutePath() + " (ordinal.jar or ORDINAL_JAR) does not exist");
            }
            return jar;
        }
        List<Path> candidates = besideTheKit();
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new IllegalStateException(
                "Cannot find the Ordinal server jar: set the system property ordinal.jar (or ORDINAL_JAR) to it, or "
                        + "install it beside the test kit (./mvnw install); looked at " + candidates));
    }

    private static List<Path> besideTheKit() {
        List<Path> candidates = new ArrayList<>();
        Path kit = kitLocation();
        if (kit == null || !Files.isRegularFile(kit)) {
            return candidates;
        }
        Path directory = kit.toAbsolutePath().getParent();
        candidates.add(directory.resolve("ordinal.jar"));
        Path artifacts = directory.getParent();
        if (artifacts != null && artifacts.getParent() != null) {
            String version = directory.getFileName().toString();
            candidates.add(artifacts.getParent().resolve("ordinal").resolve(version)
                    .resolve("ordinal-" + version + ".jar"));
        }
        return candidates;
    }

    private static Path kitLocation() {
        CodeSource source = ServerJar.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return null;
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
