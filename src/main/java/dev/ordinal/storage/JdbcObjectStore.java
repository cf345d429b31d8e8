package dev.ordinal.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.WatchEvent;

/**
 * The server's store: every commit is one database transaction over the {@code objects} table (the
 * current state) and the {@code changes} table (the change log, trimmed to the retention), created
 * by the Flyway migrations under {@code db/migration}. At start it reads both back through their
 * Spring Data JPA repositories, so a write the client saw acknowledged survives a restart, and so
 * does a watch's resourceVersion.
 *
 * <p>Writes are plain statements rather than JPA: a write is two rows that nothing reads back in
 * this process, and a session's flush and query translation cost more than the database.
 *
 * <p>A write is answered once it is on disk. PostgreSQL's commit is durable by itself; H2 writes a
 * commit to the file without forcing it to disk, so on H2 the store forces the file with
 * {@code CHECKPOINT SYNC} (an fsync), one sync for the writers that committed meanwhile
 * ({@link GroupSync}), unless {@link StorageProperties#unsafeNoFsync()} trades that away.
 */
@Component
public class JdbcObjectStore extends IndexedObjectStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcObjectStore.class);

    private static final String INSERT_OBJECT =
            "INSERT INTO objects (resource, namespace, name, resource_version, body) VALUES (?, ?, ?, ?, ?)";
    private static final String UPDATE_OBJECT =
            "UPDATE objects SET resource_version = ?, body = ? WHERE resource = ? AND namespace = ? AND name = ?";
    private static final String DELETE_OBJECT = "DELETE FROM objects WHERE resource = ? AND namespace = ? AND name = ?";
    private static final String INSERT_CHANGE =
            "INSERT INTO changes (resource_version, type, resource, namespace, name, body) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String DELETE_OBJECTS = "DELETE FROM objects";
    private static final String DELETE_CHANGES = "DELETE FROM changes";
    private static final String TRIM_CHANGES = "DELETE FROM changes WHERE resource_version <= ?";
    private static final String DELETE_SNAPSHOT_OBJECTS = "DELETE FROM snapshot_objects WHERE snapshot = ?";
    private static final String DELETE_SNAPSHOT = "DELETE FROM snapshots WHERE name = ?";
    private static final String INSERT_SNAPSHOT =
            "INSERT INTO snapshots (name, resource_version, taken_at, objects) VALUES (?, ?, ?, ?)";
    private static final String INSERT_SNAPSHOT_OBJECT =
            "INSERT INTO snapshot_objects (snapshot, resource, namespace, name, body) VALUES (?, ?, ?, ?, ?)";
    private static final String SELECT_SNAPSHOT_OBJECTS =
            "SELECT resource, namespace, name, body FROM snapshot_objects WHERE snapshot = ?";
    private static final String SELECT_SNAPSHOTS =
            "SELECT name, resource_version, taken_at, objects FROM snapshots ORDER BY name";
    private static final String COUNT_SNAPSHOT = "SELECT COUNT(*) FROM snapshots WHERE name = ?";
    /** How many commits pass between two trims of the persisted change log. */
    private static final int TRIM_INTERVAL = 1000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final int retention;
    /** Null when a commit is durable by itself, or when durability is traded away. */
    private final GroupSync groupSync;
    /** The JDBC URL of the database, naming its product and whether it is a file. */
    private final String url;

    JdbcObjectStore(ObjectRecordRepository objectRecords, ChangeRecordRepository changeRecords, JdbcTemplate jdbc,
                    JsonMapper mapper, StorageProperties properties) {
        super(mapper, properties, restore(objectRecords, changeRecords, properties.changeLogRetention()));
        this.jdbc = jdbc;
        // The DataSource's own transactions: the JPA transaction manager would open and flush a
        // persistence context around every write for nothing.
        this.transactions = new TransactionTemplate(new JdbcTransactionManager(jdbc.getDataSource()));
        this.retention = properties.changeLogRetention();
        this.url = jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getURL());
        this.groupSync = groupSync(jdbc, properties.unsafeNoFsync());
    }

    private GroupSync groupSync(JdbcTemplate jdbc, boolean unsafeNoFsync) {
        if (!url.startsWith("jdbc:h2:")) {
            return null;
        }
        if (unsafeNoFsync) {
            log.warn("ordinal.storage.unsafe-no-fsync is set: answered writes can be lost, and the store damaged,"
                    + " by a host crash or a power cut");
            return null;
        }
        return new GroupSync(() -> jdbc.execute("CHECKPOINT SYNC"), this::currentRevision);
    }

    /** Reads the stored objects and the retained change log back. */
    private static Restored restore(ObjectRecordRepository objectRecords, ChangeRecordRepository changeRecords,
                                    int retention) {
        Map<GroupResource, List<byte[]>> objects = new HashMap<>();
        long maxRevision = 0;
        for (ObjectRecord record : objectRecords.findAll()) {
            objects.computeIfAbsent(parseResource(record.key().resource()), r -> new ArrayList<>())
                    .add(utf8(record.body()));
            maxRevision = Math.max(maxRevision, record.resourceVersion());
        }
        Long lastChange = changeRecords.maxResourceVersion();
        long revision = Math.max(maxRevision, lastChange == null ? 0 : lastChange);
        List<Change> changes = changeRecords.findAfter(Math.max(0, revision - retention)).stream()
                .map(change -> new Change(WatchEvent.Type.valueOf(change.type()), parseResource(change.resource()),
                        change.namespace(), change.name(), change.resourceVersion(), utf8(change.body())))
                .toList();
        log.info("Loaded {} objects at resourceVersion {}",
                objects.values().stream().mapToInt(List::size).sum(), revision);
        return new Restored(objects, changes, revision);
    }

    @Override
    protected void persist(Change change) {
        String resource = change.resource().toString();
        String namespace = change.namespace();
        String name = change.name();
        long next = change.resourceVersion();
        String body = new String(change.json(), StandardCharsets.UTF_8);
        transactions.executeWithoutResult(status -> {
            switch (change.type()) {
                case ADDED -> jdbc.update(INSERT_OBJECT, resource, namespace, name, next, body);
                case MODIFIED -> jdbc.update(UPDATE_OBJECT, next, body, resource, namespace, name);
                case DELETED -> jdbc.update(DELETE_OBJECT, resource, namespace, name);
            }
            jdbc.update(INSERT_CHANGE, next, change.type().name(), resource, namespace, name, body);
            if (next % TRIM_INTERVAL == 0 && next > retention) {
                jdbc.update(TRIM_CHANGES, next - retention);
            }
        });
    }

    /**
     * Writes a consistent copy of the store to {@code target}: H2's backup, a zip of the database
     * file that {@code org.h2.tools.Restore} turns back into a store. Writes wait meanwhile, so that
     * the copy holds every commit up to the resourceVersion answered and nothing after it.
     *
     * @throws UnsupportedOperationException for a store other than an H2 file
     */
    public long snapshot(Path target) {
        if (!url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:mem:")) {
            throw new UnsupportedOperationException("Snapshots are taken of an H2 file store; this one is " + url
                    + " (PostgreSQL's are taken with pg_dump)");
        }
        long[] taken = new long[1];
        atCurrentRevision(revision -> {
            jdbc.update("BACKUP TO ?", target.toString());
            taken[0] = revision;
        });
        return taken[0];
    }

    @Override
    protected void awaitDurable(long resourceVersion) {
        if (groupSync != null) {
            groupSync.awaitDurable(resourceVersion);
        }
    }

    /**
     * The change log goes with the objects: restored, it would replay changes from before the
     * reset to a watch. The boot objects written next in the same transaction keep the revision
     * from going back after a restart, and their first change marks where the log starts.
     */
    @Override
    protected void persistReset() {
        jdbc.update(DELETE_OBJECTS);
        jdbc.update(DELETE_CHANGES);
    }

    /** The boot objects' commits join this transaction: one commit for the whole reset. */
    @Override
    protected void inTransaction(Runnable writes) {
        transactions.executeWithoutResult(status -> writes.run());
    }

    @Override
    protected void persistSnapshot(NamedSnapshot snapshot, List<SnapshotEntry> entries) {
        transactions.executeWithoutResult(status -> {
            jdbc.update(DELETE_SNAPSHOT_OBJECTS, snapshot.name());
            jdbc.update(DELETE_SNAPSHOT, snapshot.name());
            jdbc.update(INSERT_SNAPSHOT, snapshot.name(), snapshot.resourceVersion(),
                    OffsetDateTime.ofInstant(snapshot.takenAt(), ZoneOffset.UTC), snapshot.objects());
            jdbc.batchUpdate(INSERT_SNAPSHOT_OBJECT, entries.stream().map(entry -> new Object[] {
                    snapshot.name(), entry.resource().toString(), entry.namespace(), entry.name(),
                    new String(entry.json(), StandardCharsets.UTF_8)}).toList());
        });
        sync();
    }

    @Override
    protected Optional<List<SnapshotEntry>> readSnapshot(String name) {
        Integer found = jdbc.queryForObject(COUNT_SNAPSHOT, Integer.class, name);
        if (found == null || found == 0) {
            return Optional.empty();
        }
        return Optional.of(jdbc.query(SELECT_SNAPSHOT_OBJECTS, (row, n) -> new SnapshotEntry(
                parseResource(row.getString(1)), row.getString(2), row.getString(3), utf8(row.getString(4))), name));
    }

    @Override
    protected List<NamedSnapshot> readSnapshots() {
        return jdbc.query(SELECT_SNAPSHOTS, (row, n) -> new NamedSnapshot(row.getString(1), row.getLong(2),
                row.getObject(3, OffsetDateTime.class).toInstant(), row.getLong(4)));
    }

    @Override
    protected boolean removeSnapshot(String name) {
        Boolean removed = transactions.execute(status -> {
            jdbc.update(DELETE_SNAPSHOT_OBJECTS, name);
            return jdbc.update(DELETE_SNAPSHOT, name) > 0;
        });
        sync();
        return Boolean.TRUE.equals(removed);
    }

    /** Forces what was committed to disk, where a commit is not durable by itself. */
    private void sync() {
        if (groupSync != null) {
            jdbc.execute("CHECKPOINT SYNC");
        }
    }

    private static byte[] utf8(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** The inverse of {@link GroupResource#toString()}: {@code statefulsets.apps}, or {@code pods}. */
    private static GroupResource parseResource(String qualified) {
        int dot = qualified.indexOf('.');
        return dot < 0 ? new GroupResource("", qualified)
                : new GroupResource(qualified.substring(dot + 1), qualified.substring(0, dot));
    }
}
