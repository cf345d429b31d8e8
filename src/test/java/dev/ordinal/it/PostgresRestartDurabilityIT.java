package dev.ordinal.it;

import java.util.List;

import dev.ordinal.testing.PostgresCluster;

/** What a restart keeps, with the server on a real PostgreSQL, as docker/compose.yml runs it. */
class PostgresRestartDurabilityIT extends RestartDurabilityIT {

    private final String store = PostgresCluster.shared().newStore();

    @Override
    List<String> store() {
        return List.of("--spring.datasource.url=" + store,
                "--spring.datasource.username=" + PostgresCluster.shared().user(),
                "--spring.datasource.password=");
    }
}
