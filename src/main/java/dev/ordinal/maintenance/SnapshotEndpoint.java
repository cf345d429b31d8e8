package dev.ordinal.maintenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.ordinal.storage.JdbcObjectStore;

/**
 * {@code GET /ordinal/v1/snapshot}: a consistent snapshot of the running server's store, what etcd's
 * {@code etcdctl snapshot save} fetches. {@code ordinal snapshot save} downloads it and
 * {@code ordinal snapshot restore} makes a data directory of it.
 */
@RestController
class SnapshotEndpoint {

    private static final String RESOURCE_VERSION_HEADER = "Ordinal-Resource-Version";

    private final JdbcObjectStore store;

    SnapshotEndpoint(JdbcObjectStore store) {
        this.store = store;
    }

    @GetMapping("/ordinal/v1/snapshot")
    void snapshot(HttpServletResponse response) throws IOException {
        // Owner-only, as the temporary file holds every Secret (Files.createTempFile's default on POSIX).
        Path file = Files.createTempFile("ordinal-snapshot", ".zip");
        try {
            long resourceVersion;
            try {
                resourceVersion = store.snapshot(file);
            } catch (UnsupportedOperationException e) {
                throw new ResponseStatusException(HttpStatus.NOT_IMPLEMENTED, e.getMessage());
            }
            response.setContentType("application/zip");
            response.setContentLengthLong(Files.size(file));
            response.setHeader(RESOURCE_VERSION_HEADER, Long.toString(resourceVersion));
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                    "attachment; filename=\"ordinal-" + resourceVersion + ".zip\"");
            Files.copy(file, response.getOutputStream());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
