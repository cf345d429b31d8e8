package dev.ordinal.api;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /readyz} as kube-apiserver serves it (apiserver's {@code healthz} handlers): named checks,
 * "ok" when all pass, and on a failure a 500 listing every check, the failed ones with their
 * reason withheld ({@code [-]etcd failed: reason withheld}); {@code ?verbose} lists them when all
 * pass too, {@code ?exclude=name} skips one, and {@code /readyz/<name>} runs one alone, giving its
 * reason. The checks: {@code ping}; {@code etcd}, the store's database answering (the
 * {@code store} health indicator: the store stands where etcd stands); {@code shutdown}, failing
 * once the server stops taking traffic.
 */
@RestController
class ReadyzHandler {

    private static final String PLAIN_TEXT = "text/plain; charset=utf-8";

    /** Each check answers why it fails, or null when it passes. */
    private final Map<String, Supplier<String>> checks = new LinkedHashMap<>();

    ReadyzHandler(ApplicationAvailability availability, HealthEndpoint health) {
        checks.put("ping", () -> null);
        checks.put("etcd", () -> failure(health.healthForPath("store")));
        checks.put("shutdown", () -> availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC ? null
                : "process is shutting down");
    }

    private static String failure(HealthDescriptor store) {
        if (Status.UP.equals(store.getStatus())) {
            return null;
        }
        return store instanceof IndicatedHealthDescriptor indicated && indicated.getDetails().get("reason") != null
                ? indicated.getDetails().get("reason").toString() : "the store is " + store.getStatus();
    }

    @GetMapping("/readyz")
    ResponseEntity<String> ready(HttpServletRequest request) {
        Set<String> excluded = excluded(request);
        StringBuilder listing = new StringBuilder();
        boolean failed = false;
        for (Map.Entry<String, Supplier<String>> check : checks.entrySet()) {
            if (excluded.remove(check.getKey())) {
                listing.append("[+]").append(check.getKey()).append(" excluded: ok\n");
            } else if (check.getValue().get() == null) {
                listing.append("[+]").append(check.getKey()).append(" ok\n");
            } else {
                // The reason stays out of this public endpoint, as upstream's; /readyz/<name> gives it.
                listing.append("[-]").append(check.getKey()).append(" failed: reason withheld\n");
                failed = true;
            }
        }
        if (!excluded.isEmpty()) {
            listing.append("warn: some health checks cannot be excluded: no matches for ")
                    .append(excluded.stream().map(name -> "\"" + name + "\"").collect(Collectors.joining(",")))
                    .append('\n');
        }
        if (failed) {
            return text(500, listing + "readyz check failed\n");
        }
        return request.getParameterMap().containsKey("verbose") ? text(200, listing + "readyz check passed\n")
                : text(200, "ok");
    }

    @GetMapping("/readyz/{name}")
    ResponseEntity<String> check(@PathVariable String name) {
        Supplier<String> check = checks.get(name);
        if (check == null) {
            return text(404, "404 page not found\n");
        }
        String failure = check.get();
        return failure == null ? text(200, "ok") : text(500, "internal server error: " + failure + "\n");
    }

    /** Upstream's {@code exclude} query values, each a check's name. */
    private static Set<String> excluded(HttpServletRequest request) {
        String[] values = request.getParameterValues("exclude");
        return values == null ? new LinkedHashSet<>() : new LinkedHashSet<>(List.of(values));
    }

    private static ResponseEntity<String> text(int code, String body) {
        return ResponseEntity.status(code).header(HttpHeaders.CONTENT_TYPE, PLAIN_TEXT)
                .header("X-Content-Type-Options", "nosniff").body(body);
    }
}
