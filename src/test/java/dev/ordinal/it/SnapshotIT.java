package dev.ordinal.it;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import dev.ordinal.OrdinalApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot saved from a running server with the launcher ({@code ordinal snapshot save}) and
 * restored into a new data directory ({@code ordinal snapshot restore}) starts a server with every
 * object the snapshot held, at its resourceVersion, and nothing written after it.
 */
@Timeout(180)
class SnapshotIT {

    private static final Path LAUNCHER = Path.of("src/main/scripts/ordinal");
    private static final Path JAR = Path.of("target/ordinal.jar");

    @TempDir
    Path work;

    private ConfigurableApplicationContext server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aSnapshotOfARunningServerRestoresIntoANewDataDirectory() throws Exception {
        Http http = start(work.resolve("before"));
        String configMaps = "/api/v1/namespaces/default/configmaps";
        List<JsonNode> kept = new ArrayList<>();
        for (String name : List.of("one", "two", "three")) {
            kept.add(created(http.post(configMaps, "application/json", "{\"metadata\":{\"name\":\"" + name + "\"}}")));
        }
        kept.add(created(http.post("/api/v1/namespaces/default/secrets", "application/json",
                "{\"metadata\":{\"name\":\"token\"},\"stringData\":{\"token\":\"s3cr3t\"}}")));
        created(http.post(configMaps, "application/json", "{\"metadata\":{\"name\":\"deleted\"}}"));
        assertThat(http.send(http.request(configMaps + "/deleted").DELETE().build()).statusCode()).isEqualTo(200);
        long lastWrite = Long.parseLong(Http.json(http.get(configMaps)).at("/metadata/resourceVersion").asString());

        Path snapshot = work.resolve("snapshot.zip");
        String saved = launcher("snapshot", "save", snapshot.toString(), "http://127.0.0.1:" + port());
        created(http.post(configMaps, "application/json", "{\"metadata\":{\"name\":\"after-the-snapshot\"}}"));
        server.close();
        server = null;

        long snapshotRevision = Long.parseLong(saved.replaceAll("(?s).*at resourceVersion (\\d+) .*", "$1"));
        assertThat(snapshotRevision).isGreaterThanOrEqualTo(lastWrite);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(snapshot))).isEqualTo("rw-------");

        Path restored = work.resolve("restored/data");
        launcher("snapshot", "restore", snapshot.toString(), restored.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restored.resolve("ordinal.mv.db"))))
                .isEqualTo("rw-------");

        http = start(work.resolve("restored"));
        for (JsonNode object : kept) {
            JsonNode now = Http.json(http.get(path(object)));
            assertThat(now.at("/metadata/uid").asString()).isEqualTo(object.at("/metadata/uid").asString());
            assertThat(now.at("/metadata/resourceVersion").asString())
                    .isEqualTo(object.at("/metadata/resourceVersion").asString());
        }
        assertThat(http.get(configMaps + "/deleted").statusCode()).isEqualTo(404);
        assertThat(http.get(configMaps + "/after-the-snapshot").statusCode()).isEqualTo(404);
        long next = Long.parseLong(created(http.post(configMaps, "application/json",
                "{\"metadata\":{\"name\":\"after-the-restore\"}}")).at("/metadata/resourceVersion").asString());
        assertThat(next).isGreaterThan(snapshotRevision);
    }

    @Test
    void aSnapshotIsNotRestoredOverAStore() throws Exception {
        Path data = work.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("ordinal.mv.db"), "a store");

        Process restore = new ProcessBuilder("sh", LAUNCHER.toString(), "snapshot", "restore",
                work.resolve("any.zip").toString(), data.toString())
                .redirectErrorStream(true).start();

        assertThat(restore.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(restore.exitValue()).isEqualTo(1);
        assertThat(new String(restore.getInputStream().readAllBytes())).contains("restore into a new data directory");
        assertThat(Files.readString(data.resolve("ordinal.mv.db"))).isEqualTo("a store");
    }

    private static String path(JsonNode object) {
        String kind = object.path("kind").asString().toLowerCase() + "s";
        return "/api/v1/namespaces/" + object.at("/metadata/namespace").asString() + "/" + kind + "/"
                + object.at("/metadata/name").asString();
    }

    /** Runs the launcher with the packaged server and answers what it printed. */
    private static String launcher(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", LAUNCHER.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("ORDINAL_JAR", JAR.toAbsolutePath().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private Http start(Path directory) {
        server = SpringApplication.run(OrdinalApplication.class,
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + directory.resolve("data/ordinal"),
                "--ordinal.kubeconfig=" + directory.resolve("kubeconfig"),
                "--ordinal.dns.port=0");
        return new Http(port());
    }

    private int port() {
        return Integer.parseInt(server.getEnvironment().getProperty("local.server.port"));
    }

    private static JsonNode created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Http.json(response);
    }
}
