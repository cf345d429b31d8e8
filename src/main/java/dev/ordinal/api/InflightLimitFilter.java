package dev.ordinal.api;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.Semaphore;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;

/**
 * kube-apiserver's max-in-flight filter ({@code apiserver/pkg/server/filters/maxinflight.go}): at
 * most so many reading and so many writing requests are served at once, and one more is answered
 * at once with 429 and {@code Retry-After: 1}, which every client retries, rather than queued
 * behind slow or stalled ones. Long-running requests (watches, and the pod subresources that
 * stream) and the health checks are not counted, as upstream exempts them, so {@code /readyz}
 * stays answerable whatever the clients do ({@link ServingThreads} gives the web server the
 * threads for that).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class InflightLimitFilter extends OncePerRequestFilter {

    /** Upstream's {@code longRunningRequestRE} subresources, besides watches. */
    private static final Set<String> STREAMING_SUBRESOURCES = Set.of("attach", "exec", "proxy", "log", "portforward");
    private static final Set<String> HEALTH_CHECKS = Set.of("/healthz", "/livez", "/readyz");
    private static final Set<String> READING_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final ServingProperties properties;
    private final Semaphore reading;
    private final Semaphore mutating;
    private final byte[] tooManyRequests;

    InflightLimitFilter(ServingProperties properties, JsonMapper mapper, MeterRegistry meters) {
        this.properties = properties;
        this.reading = new Semaphore(properties.maxRequestsInflight());
        this.mutating = new Semaphore(properties.maxMutatingRequestsInflight());
        // Upstream's apiserver_current_inflight_requests, by request kind.
        Gauge.builder("ordinal.api.inflight.requests", () -> properties.maxRequestsInflight() - reading.availablePermits())
                .tag("request.kind", "readOnly").register(meters);
        Gauge.builder("ordinal.api.inflight.requests",
                        () -> properties.maxMutatingRequestsInflight() - mutating.availablePermits())
                .tag("request.kind", "mutating").register(meters);
        ObjectNode details = JsonNodeFactory.instance.objectNode().put("retryAfterSeconds", 1);
        this.tooManyRequests = mapper.writeValueAsBytes(new StatusError(429, "TooManyRequests",
                "Too many requests, please try again later.", details).toStatus());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean reads = READING_METHODS.contains(request.getMethod());
        int limit = reads ? properties.maxRequestsInflight() : properties.maxMutatingRequestsInflight();
        if (limit == 0 || isLongRunningOrHealth(request, reads)) {
            chain.doFilter(request, response);
            return;
        }
        Semaphore slots = reads ? reading : mutating;
        if (!slots.tryAcquire()) {
            response.setStatus(429);
            response.setHeader("Retry-After", "1");
            response.setContentType("application/json");
            response.getOutputStream().write(tooManyRequests);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            slots.release();
        }
    }

    private static boolean isLongRunningOrHealth(HttpServletRequest request, boolean reads) {
        String path = request.getRequestURI();
        if (HEALTH_CHECKS.contains(path) || path.startsWith("/actuator/health")) {
            return true;
        }
        RequestInfo info = RequestInfo.parse(path);
        if (info == null) {
            return false;
        }
        // Only a GET can watch; reading a POST's parameters could consume a form body.
        return STREAMING_SUBRESOURCES.contains(info.subresource())
                || reads && QueryBoolean.isSet(request, "watch");
    }
}
