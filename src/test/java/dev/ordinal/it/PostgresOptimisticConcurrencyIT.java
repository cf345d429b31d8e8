package dev.ordinal.it;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.ordinal.testing.PostgresCluster;

/**
 * Concurrent writers race as on H2, with the server on a real PostgreSQL. The server is closed after
 * the class, while the cluster still runs: at the JVM's exit the two would stop at once, and the
 * server's last writes would wait for connections to a cluster that is gone.
 */
@DirtiesContext
class PostgresOptimisticConcurrencyIT extends OptimisticConcurrencyIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry properties) {
        PostgresCluster cluster = PostgresCluster.shared();
        String store = cluster.newStore();
        properties.add("spring.datasource.url", () -> store);
        properties.add("spring.datasource.username", cluster::user);
        properties.add("spring.datasource.password", () -> "");
    }
}
