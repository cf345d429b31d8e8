package dev.ordinal.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store whose database closed under it (as H2 closes after running out of memory or disk, and
 * here cannot open again while its file is locked): {@code /readyz} fails its etcd check in
 * kube-apiserver's words, writes are refused with a Status, reads go on from memory, and all of it
 * recovers once the database opens again.
 */
@ServerTest
@DirtiesContext
@Timeout(300)
class StoreReadinessIT {

    private static final Path DIRECTORY = temporaryDirectory();

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void fileStore(DynamicPropertyRegistry properties) {
        properties.add("spring.datasource.url", () -> "jdbc:h2:file:" + DIRECTORY.resolve("ordinal") + ";WRITE_DELAY=0");
    }

    @AfterAll
    static void removeStore() throws IOException {
        try (var files = Files.walk(DIRECTORY)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("ordinal-readiness");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aClosedStoreFailsReadinessAndWritesUntilItOpensAgain() throws Exception {
        Http http = new Http(port);
        String configMaps = "/api/v1/namespaces/default/configmaps";
        assertThat(http.get("/readyz").body()).isEqualTo("ok");
        assertThat(http.get("/readyz?verbose").body())
                .isEqualTo("[+]ping ok\n[+]etcd ok\n[+]shutdown ok\nreadyz check passed\n");

        try (FileChannel file = FileChannel.open(DIRECTORY.resolve("ordinal.mv.db"), StandardOpenOption.WRITE);
             FileLock lock = closeAndLock(file)) {
            HttpResponse<String> readyz = http.get("/readyz");
            assertThat(readyz.statusCode()).isEqualTo(500);
            assertThat(readyz.body())
                    .isEqualTo("[+]ping ok\n[-]etcd failed: reason withheld\n[+]shutdown ok\nreadyz check failed\n");
            assertThat(readyz.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
            assertThat(http.get("/readyz/etcd").body()).startsWith("internal server error: ");
            assertThat(http.get("/readyz?exclude=etcd").body()).isEqualTo("ok");
            assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(503);

            // The write waits for a connection as long as the pool gives one time to come (30 s).
            HttpResponse<String> refused = http.send(http.request(configMaps).timeout(Duration.ofSeconds(90))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"name\":\"while-closed\"}}"))
                    .build());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            JsonNode status = Http.json(refused);
            assertThat(status.path("kind").asString()).isEqualTo("Status");
            assertThat(status.path("reason").asString()).isEqualTo("ServiceUnavailable");
            assertThat(status.path("message").asString()).startsWith("the store cannot write: ").doesNotContain("\n\tat ");
            assertThat(http.get(configMaps + "/while-closed").statusCode()).isEqualTo(404);
            assertThat(http.get(configMaps).statusCode()).isEqualTo(200);
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (http.get("/readyz").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(http.get("/readyz").body()).isEqualTo("ok");
        HttpResponse<String> created = http.post(configMaps, "application/json",
                "{\"metadata\":{\"name\":\"after-reopening\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    /**
     * Closes the database and takes its file's lock, so that H2 cannot open it again; a controller
     * writing in between may open it first, and then it is closed once more.
     */
    private FileLock closeAndLock(FileChannel file) throws SQLException, InterruptedException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.createStatement().execute("SHUTDOWN");
            } catch (SQLException e) {
                // a pooled connection of the database closed a moment ago: it is closed already
            }
            try {
                FileLock lock = file.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException | IOException reopened) {
                // the database was opened again meanwhile
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the database kept being opened again");
    }
}
