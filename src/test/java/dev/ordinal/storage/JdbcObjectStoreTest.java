package dev.ordinal.storage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.persistence.EntityManagerFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.data.jpa.repository.support.JpaRepositoryFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.WatchEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.InstanceOfAssertFactories.LONG;

/** The contract over an in-memory H2 database with the server's own schema, and what a restart keeps. */
class JdbcObjectStoreTest extends ObjectStoreContract {

    /** The migrations Flyway runs on the server's H2 database. */
    private static final String MIGRATIONS = "classpath:db/migration/h2";

    private final List<EmbeddedDatabase> databases = new ArrayList<>();

    @AfterEach
    void shutDown() {
        entityManagers.forEach(EntityManagerFactory::close);
        databases.forEach(EmbeddedDatabase::shutdown);
    }

    private final List<EntityManagerFactory> entityManagers = new ArrayList<>();

    @Override
    ObjectStore newStore(int retention) {
        return reopen(database(), retention);
    }

    /** A new, empty database with the server's schema. */
    JdbcTemplate database() {
        JdbcTemplate jdbc = emptyDatabase();
        migrate(jdbc, MigrationVersion.LATEST);
        return jdbc;
    }

    private JdbcTemplate emptyDatabase() {
        EmbeddedDatabase database = new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
                .setName("store-" + UUID.randomUUID()).build();
        databases.add(database);
        return new JdbcTemplate(database);
    }

    /** Migrates the schema as the server does at start, up to {@code target}. */
    private static void migrate(JdbcTemplate jdbc, MigrationVersion target) {
        Flyway.configure().dataSource(jdbc.getDataSource()).locations(MIGRATIONS).target(target).load().migrate();
    }

    JdbcObjectStore reopen(JdbcTemplate jdbc, int retention) {
        return reopen(jdbc, new StorageProperties(retention, true, false));
    }

    /** A store started on the database as the server starts one: reading it back through JPA. */
    private JdbcObjectStore reopen(JdbcTemplate jdbc, StorageProperties properties) {
        LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
        factory.setDataSource(jdbc.getDataSource());
        factory.setPackagesToScan(JdbcObjectStore.class.getPackageName());
        factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
        factory.setJpaPropertyMap(Map.of("jakarta.persistence.validation.mode", "none"));
        factory.afterPropertiesSet();
        entityManagers.add(factory.getObject());
        JpaRepositoryFactory repositories = new JpaRepositoryFactory(factory.getObject().createEntityManager());
        return new JdbcObjectStore(repositories.getRepository(ObjectRecordRepository.class),
                repositories.getRepository(ChangeRecordRepository.class), jdbc, JSON, properties);
    }

    @Test
    void aStoreReopenedOnTheSameDatabaseHoldsWhatWasCommitted() {
        JdbcTemplate jdbc = database();
        JdbcObjectStore before = reopen(jdbc, 100);
        before.create(CONFIG_MAPS, object("ns", "kept"), false);
        before.create(CONFIG_MAPS, object("ns", "deleted"), false);
        before.create(STATEFUL_SETS, object("ns", "web"), false);
        before.create(SECRETS, object("", "cluster-scoped"), false);
        update(before, "ns", "kept", "changed");
        before.delete(CONFIG_MAPS, "ns", "deleted", o -> { }, false);
        before.create(CONFIG_MAPS, object("ns", "dry"), true);
        List<WatchEvent> committed = new ArrayList<>();
        before.watch(CONFIG_MAPS, null, 0, committed::add);

        JdbcObjectStore after = reopen(jdbc, 100);

        assertThat(after.currentRevision()).isEqualTo(before.currentRevision());
        for (var resource : List.of(CONFIG_MAPS, STATEFUL_SETS, SECRETS)) {
            ObjectStore.Page was = before.list(resource, null, null, o -> true, 0);
            ObjectStore.Page is = after.list(resource, null, null, o -> true, 0);
            assertThat(is.objects()).isEqualTo(was.objects());
            assertThat(is.items()).zipSatisfy(was.items(), (i, w) -> assertThat(i.json()).isEqualTo(w.json()));
        }
        List<WatchEvent> replayed = new ArrayList<>();
        after.watch(CONFIG_MAPS, null, 0, replayed::add);
        assertThat(replayed).extracting(WatchEvent::type, WatchEvent::object, WatchEvent::resourceVersion)
                .containsExactlyElementsOf(committed.stream()
                        .map(e -> tuple(e.type(), e.object(), e.resourceVersion()))
                        .toList());
        assertThat(after.create(CONFIG_MAPS, object("ns", "next"), false).resourceVersion())
                .isEqualTo(Long.toString(before.currentRevision() + 1));
    }

    @Test
    void whatAStoreWroteBeforeItsBodiesMovedIntoTheirRowsIsReadAfterTheUpgrade() {
        JdbcTemplate jdbc = emptyDatabase();
        migrate(jdbc, MigrationVersion.fromVersion("1"));
        JdbcObjectStore before = reopen(jdbc, 100);
        before.create(CONFIG_MAPS, object("ns", "kept"), false);
        Unstructured changed = update(before, "ns", "kept", "caf\u00e9 \u2603");

        migrate(jdbc, MigrationVersion.LATEST);
        JdbcObjectStore after = reopen(jdbc, 100);
        List<WatchEvent> replayed = new ArrayList<>();
        after.watch(CONFIG_MAPS, null, 0, replayed::add);

        assertThat(after.get(CONFIG_MAPS, "ns", "kept")).contains(changed);
        assertThat(replayed).extracting(WatchEvent::type).containsExactly(WatchEvent.Type.ADDED,
                WatchEvent.Type.MODIFIED);
        assertThat(after.currentRevision()).isEqualTo(before.currentRevision());
    }

    @Test
    void anObjectNearTheSizeLimitIsKeptWhole() {
        JdbcTemplate jdbc = database();
        JdbcObjectStore before = reopen(jdbc, 100);
        before.create(CONFIG_MAPS, object("ns", "large"), false);
        Unstructured large = update(before, "ns", "large", "\u00e9".repeat(StoredObjectLimits.MAX_BYTES / 2 - 1024));

        assertThat(reopen(jdbc, 100).get(CONFIG_MAPS, "ns", "large")).contains(large);
    }

    @Test
    void aReopenedStoreSharesOneTreeBetweenAnObjectAndItsLatestChange() {
        JdbcTemplate jdbc = database();
        JdbcObjectStore before = reopen(jdbc, 100);
        before.create(CONFIG_MAPS, object("ns", "a"), false);
        update(before, "ns", "a", "changed");

        JdbcObjectStore after = reopen(jdbc, 100);
        List<WatchEvent> replayed = new ArrayList<>();
        after.watch(CONFIG_MAPS, null, 0, replayed::add);
        Unstructured listed = after.list(CONFIG_MAPS, "ns", null, o -> true, 0).objects().get(0);

        assertThat(replayed.get(1).object()).isSameAs(listed);
        assertThat(replayed.get(0).object()).isNotSameAs(listed);
    }

    @Test
    void aReopenedStoreExpiresWhatLeftTheRetainedChangeLog() {
        JdbcTemplate jdbc = database();
        JdbcObjectStore before = reopen(jdbc, 3);
        for (int i = 0; i < 5; i++) {
            before.create(CONFIG_MAPS, object("ns", "o" + i), false);
        }

        JdbcObjectStore after = reopen(jdbc, 3);

        assertThatThrownBy(() -> after.watch(CONFIG_MAPS, null, 1, event -> { }))
                .isInstanceOf(ResourceVersionExpiredException.class);
        List<WatchEvent> replayed = new ArrayList<>();
        after.watch(CONFIG_MAPS, null, 2, replayed::add);
        assertThat(replayed).extracting(WatchEvent::resourceVersion).containsExactly(3L, 4L, 5L);
    }

    @Test
    void aReopenedStoreHoldsWhatTheResetLeftAndExpiresWhatCameBefore() {
        JdbcTemplate jdbc = database();
        JdbcObjectStore before = reopen(jdbc, 100);
        before.create(CONFIG_MAPS, object("ns", "gone"), false);
        before.create(SECRETS, object("ns", "gone-too"), false);
        ObjectStore.Reset reset = before.reset(() -> before.create(CONFIG_MAPS, object("", "boot"), false));

        JdbcObjectStore after = reopen(jdbc, 100);

        assertThat(after.currentRevision()).isEqualTo(reset.resourceVersion() + 1);
        assertThat(names(after.list(CONFIG_MAPS, null, null, o -> true, 0).objects())).containsExactly("/boot");
        assertThat(after.list(SECRETS, null, null, o -> true, 0).objects()).isEmpty();
        assertThatThrownBy(() -> after.watch(CONFIG_MAPS, null, reset.resourceVersion() - 1, event -> { }))
                .isInstanceOf(ResourceVersionExpiredException.class);
        List<WatchEvent> replayed = new ArrayList<>();
        after.watch(CONFIG_MAPS, null, reset.resourceVersion(), replayed::add);
        assertThat(replayed).extracting(event -> event.object().name()).containsExactly("boot");
    }

    @Test
    void aReopenedStoreKeepsItsSnapshotsAndRestoresThem() {
        JdbcTemplate jdbc = database();
        JdbcObjectStore before = reopen(jdbc, 100);
        Unstructured kept = before.create(CONFIG_MAPS, object("ns", "kept"), false);
        Instant takenAt = Instant.parse("2026-12-07T19:20:00.250Z");
        before.saveSnapshot("fixture", takenAt);
        before.reset(() -> { });

        JdbcObjectStore after = reopen(jdbc, 100);

        assertThat(after.snapshots()).containsExactly(
                new ObjectStore.NamedSnapshot("fixture", Long.parseLong(kept.resourceVersion()), takenAt, 1));
        ObjectStore.Reset restore = after.restoreSnapshot("fixture").orElseThrow();
        assertThat(Long.parseLong(after.get(CONFIG_MAPS, "ns", "kept").orElseThrow().resourceVersion()))
                .isGreaterThan(restore.resourceVersion());
        assertThat(names(reopen(jdbc, 100).list(CONFIG_MAPS, null, null, o -> true, 0).objects()))
                .containsExactly("ns/kept");
    }

    @Test
    void aResetWhoseBootFailsLeavesTheStoreAsItWas() {
        JdbcTemplate jdbc = database();
        JdbcObjectStore before = reopen(jdbc, 100);
        before.create(CONFIG_MAPS, object("ns", "kept"), false);

        assertThatThrownBy(() -> before.reset(() -> {
            throw new IllegalStateException("boot failed");
        })).hasMessage("boot failed");
        assertThat(names(before.list(CONFIG_MAPS, null, null, o -> true, 0).objects())).containsExactly("ns/kept");

        JdbcObjectStore after = reopen(jdbc, 100);
        assertThat(names(after.list(CONFIG_MAPS, null, null, o -> true, 0).objects())).containsExactly("ns/kept");
    }

    @Test
    void aWriteTheDatabaseRefusesChangesNothing() {
        JdbcTemplate jdbc = database();
        JdbcObjectStore store = reopen(jdbc, 100);
        Unstructured created = store.create(CONFIG_MAPS, object("ns", "a"), false);
        List<WatchEvent> events = new ArrayList<>();
        store.watch(CONFIG_MAPS, null, store.currentRevision(), events::add);
        // A change-log row already holding the next resourceVersion makes the commit fail.
        jdbc.update("INSERT INTO changes (resource_version, type, resource, namespace, name, body) "
                + "VALUES (2, 'ADDED', 'configmaps', 'ns', 'other', '{}')");

        assertThatThrownBy(() -> update(store, "ns", "a", "changed")).isInstanceOf(DataAccessException.class);

        assertThat(store.currentRevision()).isEqualTo(1);
        assertThat(store.get(CONFIG_MAPS, "ns", "a")).contains(created);
        assertThat(events).isEmpty();
        assertThat(jdbc.queryForObject("SELECT body FROM objects", String.class)).contains("\"value\"");
    }

    @Test
    void everyWriteIsAnsweredOnlyAfterAnFsyncThatCoversIt() {
        SyncRecorder jdbc = new SyncRecorder(database());
        JdbcObjectStore store = reopen(jdbc, 100);
        jdbc.store = store;

        long created = Long.parseLong(store.create(CONFIG_MAPS, object("ns", "a"), false).resourceVersion());
        assertThat(jdbc.syncedAt).last().asInstanceOf(LONG).isGreaterThanOrEqualTo(created);
        long updated = Long.parseLong(update(store, "ns", "a", "changed").resourceVersion());
        assertThat(jdbc.syncedAt).last().asInstanceOf(LONG).isGreaterThanOrEqualTo(updated);
        store.delete(CONFIG_MAPS, "ns", "a", o -> { }, false);
        assertThat(jdbc.syncedAt).last().asInstanceOf(LONG).isGreaterThanOrEqualTo(store.currentRevision());
        int synced = jdbc.syncedAt.size();
        store.create(CONFIG_MAPS, object("ns", "dry"), true);
        assertThat(jdbc.syncedAt).hasSize(synced);
    }

    @Test
    void unsafeNoFsyncAnswersWithoutSyncing() {
        SyncRecorder jdbc = new SyncRecorder(database());
        JdbcObjectStore store = reopen(jdbc, new StorageProperties(100, true, true));
        jdbc.store = store;

        store.create(CONFIG_MAPS, object("ns", "a"), false);

        assertThat(jdbc.syncedAt).isEmpty();
        assertThat(store.currentRevision()).isEqualTo(1);
    }

    /** The database, recording the store's revision each time the store forces it to disk. */
    static final class SyncRecorder extends JdbcTemplate {

        final List<Long> syncedAt = new CopyOnWriteArrayList<>();
        JdbcObjectStore store;

        SyncRecorder(JdbcTemplate database) {
            super(database.getDataSource());
        }

        @Override
        public void execute(String sql) {
            super.execute(sql);
            if (sql.equals("CHECKPOINT SYNC")) {
                syncedAt.add(store.currentRevision());
            }
        }
    }
}
