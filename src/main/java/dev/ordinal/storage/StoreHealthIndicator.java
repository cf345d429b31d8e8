package dev.ordinal.storage;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether the database answers, as kube-apiserver's {@code etcd} readiness check asks etcd: a
 * statement over the store's own table on a connection of the pool, given at most
 * {@link #TIMEOUT} (upstream's {@code --etcd-healthcheck-timeout}). A closed H2 database, a
 * database file replaced by an empty one or a stopped PostgreSQL fail it; it passes again once a
 * new connection reaches the store, since the pool drops the broken ones. In the readiness group,
 * so {@code /readyz} fails with it.
 */
@Component("store")
class StoreHealthIndicator implements HealthIndicator {

    static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String PROBE = "SELECT COUNT(*) FROM objects WHERE 1 = 0";

    private final JdbcTemplate jdbc;
    /** One probe at a time: callers while one runs share its answer rather than pile up. */
    private final ExecutorService prober = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "store-probe");
        thread.setDaemon(true);
        return thread;
    });
    private CompletableFuture<Void> probe = CompletableFuture.completedFuture(null);

    StoreHealthIndicator(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Health health() {
        try {
            nextProbe().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return Health.up().build();
        } catch (ExecutionException e) {
            return Health.down().withDetail("reason", StoreUnavailable.firstLine(e.getCause().getMessage())).build();
        } catch (TimeoutException e) {
            return Health.down().withDetail("reason", "the store did not answer within " + TIMEOUT.toSeconds() + "s")
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("reason", "interrupted").build();
        }
    }

    private synchronized CompletableFuture<Void> nextProbe() {
        if (probe.isDone()) {
            probe = CompletableFuture.runAsync(() -> jdbc.queryForObject(PROBE, Long.class), prober);
        }
        return probe;
    }

    @PreDestroy
    void stop() {
        prober.shutdownNow();
    }
}
