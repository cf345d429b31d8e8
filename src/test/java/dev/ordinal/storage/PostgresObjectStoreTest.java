package dev.ordinal.storage;

import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ordinal.testing.PostgresCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract, and what a restart keeps, on a real PostgreSQL with the server's PostgreSQL schema:
 * the store the shared mode runs on.
 */
class PostgresObjectStoreTest extends JdbcObjectStoreTest {

    /** The migrations Flyway runs on a PostgreSQL store, as the server does at start. */
    private static final String MIGRATIONS = "classpath:db/migration/postgresql";

    private final List<HikariDataSource> pools = new ArrayList<>();

    @AfterEach
    void closePools() {
        pools.forEach(HikariDataSource::close);
    }

    @Override
    JdbcTemplate database() {
        PostgresCluster cluster = PostgresCluster.shared();
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(cluster.newStore());
        pool.setUsername(cluster.user());
        pool.setMaximumPoolSize(4);
        pools.add(pool);
        Flyway.configure().dataSource(pool).locations(MIGRATIONS).load().migrate();
        return new JdbcTemplate(pool);
    }

    /** A commit on PostgreSQL is durable by itself: the store adds no sync of its own. */
    @Override
    @Test
    void everyWriteIsAnsweredOnlyAfterAnFsyncThatCoversIt() {
        SyncRecorder jdbc = new SyncRecorder(database());
        JdbcObjectStore store = reopen(jdbc, 100);
        jdbc.store = store;

        store.create(CONFIG_MAPS, object("ns", "a"), false);

        assertThat(jdbc.syncedAt).isEmpty();
        assertThat(jdbc.queryForObject("SHOW fsync", String.class)).isEqualTo("on");
        assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
    }
}
