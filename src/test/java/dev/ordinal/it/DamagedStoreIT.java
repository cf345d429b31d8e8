package dev.ordinal.it;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.ordinal.OrdinalApplication;
import dev.ordinal.storage.UnusableStoreException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A store that cannot be read stops the server with one line saying why and stays byte for byte as
 * it was; so does a store another server has open. The store is created readable by its owner only.
 */
@Timeout(180)
@ExtendWith(OutputCaptureExtension.class)
class DamagedStoreIT {

    private static final int BLOCK = 4096;
    private static final int OBJECTS = 200;

    @TempDir
    static Path populated;

    @TempDir
    Path work;

    private ConfigurableApplicationContext server;

    /** A store with objects in it, written and closed by the server, for each test to damage a copy of. */
    @BeforeAll
    static void populate() {
        try (ConfigurableApplicationContext server = start(populated)) {
            Http http = new Http(port(server));
            String value = "x".repeat(2000);
            for (int i = 0; i < OBJECTS; i++) {
                assertThat(http.post("/api/v1/namespaces/default/configmaps", "application/json",
                        "{\"metadata\":{\"name\":\"c" + i + "\"},\"data\":{\"v\":\"" + value + "\"}}")
                        .statusCode()).isEqualTo(201);
            }
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Stream<Arguments> damages() {
        return Stream.of(
                Arguments.of("truncated by one byte", (Damage) file -> truncate(file, Files.size(file) - 1)),
                Arguments.of("truncated by 4 KiB", (Damage) file -> truncate(file, Files.size(file) - BLOCK)),
                Arguments.of("cut in half", (Damage) file -> truncate(file, Files.size(file) / 2)),
                Arguments.of("last block overwritten", (Damage) file -> overwrite(file, Files.size(file) - BLOCK)),
                Arguments.of("both header blocks overwritten", (Damage) file -> {
                    overwrite(file, 0);
                    overwrite(file, BLOCK);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damages")
    void aDamagedStoreStopsTheServerAndIsLeftAsItIs(String name, Damage damage, CapturedOutput output)
            throws IOException {
        Path copy = copyOfPopulated();
        Path file = copy.resolve("data/ordinal.mv.db");
        damage.apply(file);
        byte[] damaged = Files.readAllBytes(file);

        assertThatThrownBy(() -> server = start(copy))
                .isInstanceOf(UnusableStoreException.class)
                .hasMessageStartingWith("The store " + file + " is damaged and was left as it is");

        assertThat(Files.readAllBytes(file)).isEqualTo(damaged);
        assertThat(output).contains("APPLICATION FAILED TO START").doesNotContain("\tat ");
    }

    @Test
    void anUndamagedCopyStartsWithEverything() throws IOException {
        server = start(copyOfPopulated());

        // Beside the cluster's root CA ConfigMap, which every namespace holds.
        assertThat(Http.json(new Http(port(server)).get("/api/v1/namespaces/default/configmaps"
                + "?fieldSelector=metadata.name%21%3Dkube-root-ca.crt")).path("items").size()).isEqualTo(OBJECTS);
    }

    @Test
    void aSecondServerOnTheSameStoreSaysSoInOneLine(CapturedOutput output) {
        server = start(work);
        int before = output.length();

        assertThatThrownBy(() -> start(work))
                .isInstanceOf(UnusableStoreException.class)
                .hasMessage("The store " + work.resolve("data/ordinal.mv.db") + " is in use by another process,"
                        + " probably another Ordinal server on the same data directory.");

        String second = output.toString().substring(before);
        assertThat(second).contains("APPLICATION FAILED TO START").doesNotContain("\tat ");
        assertThat(new Http(port(server)).get("/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void theDataDirectoryAndTheStoreAreTheOwnersOnly() throws IOException {
        server = start(work);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("data"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("data/ordinal.mv.db"))))
                .isEqualTo("rw-------");
    }

    private Path copyOfPopulated() throws IOException {
        Path copy = Files.createTempDirectory(work, "copy");
        Files.createDirectory(copy.resolve("data"));
        try (Stream<Path> files = Files.list(populated.resolve("data"))) {
            for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
                Files.copy(file, copy.resolve("data").resolve(file.getFileName()));
            }
        }
        return copy;
    }

    private static ConfigurableApplicationContext start(Path directory) {
        return SpringApplication.run(OrdinalApplication.class,
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + directory.resolve("data/ordinal") + ";WRITE_DELAY=0",
                "--ordinal.kubeconfig=" + directory.resolve("kubeconfig"),
                "--ordinal.dns.port=0");
    }

    private static int port(ConfigurableApplicationContext server) {
        return Integer.parseInt(server.getEnvironment().getProperty("local.server.port"));
    }

    private static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile open = new RandomAccessFile(file.toFile(), "rw")) {
            open.setLength(size);
        }
    }

    /** Writes a block of noise over the one at {@code position}, as a bad sector or a stray write would. */
    private static void overwrite(Path file, long position) throws IOException {
        byte[] noise = new byte[BLOCK];
        Arrays.fill(noise, (byte) 0x5a);
        try (RandomAccessFile open = new RandomAccessFile(file.toFile(), "rw")) {
            open.seek(position);
            open.write(noise);
        }
    }

    @FunctionalInterface
    interface Damage {

        void apply(Path file) throws IOException;
    }
}
