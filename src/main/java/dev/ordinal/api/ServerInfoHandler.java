package dev.ordinal.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ordinal.OrdinalProperties;

/**
 * {@code /version}, {@code /healthz} and {@code /livez} as kube-apiserver serves them ({@code /readyz}:
 * {@link ReadyzHandler}). The reported minor version
 * matters: kubectl's version dispatcher picks the client binary from it.
 */
@RestController
class ServerInfoHandler {

    private final OrdinalProperties properties;
    private final HealthEndpoint health;

    ServerInfoHandler(OrdinalProperties properties, HealthEndpoint health) {
        this.properties = properties;
        this.health = health;
    }

    @GetMapping(path = "/version", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> version() {
        String[] parts = properties.kubernetesVersion().split("\\.");
        Map<String, String> version = new LinkedHashMap<>();
        version.put("major", parts[0]);
        version.put("minor", parts[1]);
        version.put("gitVersion", "v" + properties.kubernetesVersion());
        version.put("gitCommit", "ordinal");
        version.put("gitTreeState", "clean");
        version.put("buildDate", "2026-01-01T00:00:00Z");
        version.put("goVersion", "java" + Runtime.version().feature());
        version.put("compiler", "ordinal");
        version.put("platform", System.getProperty("os.name").toLowerCase() + "/" + System.getProperty("os.arch"));
        return version;
    }

    /** Live unless the liveness health group (the controllers' threads among it) says otherwise. */
    @GetMapping(path = {"/healthz", "/livez"}, produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> live() {
        boolean live = Status.UP.equals(health.healthForPath("liveness").getStatus());
        return live ? ResponseEntity.ok("ok") : ResponseEntity.status(500).body("livez check failed");
    }
}
