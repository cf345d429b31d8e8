package dev.ordinal.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

/**
 * Storage settings.
 *
 * @param changeLogRetention how many changes the change log keeps, in memory and in the database;
 *                           a watch from an older resourceVersion gets 410 Gone (Expired), as a
 *                           watch older than etcd's compaction does
 * @param mutationDetector   whether each write first checks that the shared object it replaces
 *                           still is what was committed, and fails if a reader changed it: what
 *                           client-go's cache mutation detector ({@code KUBE_CACHE_MUTATION_DETECTOR})
 *                           does for informers. For tests; it encodes every object twice.
 * @param unsafeNoFsync      whether a write on the embedded H2 store is answered as soon as it is
 *                           committed, before it reaches the disk (etcd's {@code --unsafe-no-fsync}):
 *                           faster, but a host crash or power cut can lose answered writes or damage
 *                           the store; a killed server still loses nothing. PostgreSQL's durability
 *                           is its own ({@code synchronous_commit}).
 * @param quotaBytes         how large the stored objects may grow, counted as {@link ObjectStore#size()}
 *                           counts them (etcd's {@code --quota-backend-bytes}); a write that would
 *                           grow the store past it is refused. By default a sixteenth of the
 *                           largest heap the JVM may take ({@link #defaultQuota()}).
 */
@ConfigurationProperties("ordinal.storage")
public record StorageProperties(Integer changeLogRetention, boolean mutationDetector, boolean unsafeNoFsync,
                                @DataSizeUnit(DataUnit.BYTES) DataSize quotaBytes) {

    /** The one the properties bind through. */
    @ConstructorBinding
    public StorageProperties {
        if (changeLogRetention == null) {
            changeLogRetention = 20_000;
        }
        if (quotaBytes == null) {
            quotaBytes = defaultQuota();
        }
    }

    /** With the default quota. */
    public StorageProperties(Integer changeLogRetention, boolean mutationDetector, boolean unsafeNoFsync) {
        this(changeLogRetention, mutationDetector, unsafeNoFsync, null);
    }

    /**
     * Every stored object lives in the heap, parsed and as its JSON, and the change log holds their
     * earlier versions: the heap, not the disk, is what runs out first. Measured, the heap holds
     * about nine bytes for each byte counted, so a sixteenth of the heap fills a little over half of
     * it (see the README's "A bounded store").
     */
    static DataSize defaultQuota() {
        return DataSize.ofBytes(Runtime.getRuntime().maxMemory() / 16);
    }
}
