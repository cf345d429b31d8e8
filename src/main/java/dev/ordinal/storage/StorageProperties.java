package dev.ordinal.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;

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
 */
@ConfigurationProperties("ordinal.storage")
public record StorageProperties(Integer changeLogRetention, boolean mutationDetector, boolean unsafeNoFsync) {

    public StorageProperties {
        if (changeLogRetention == null) {
            changeLogRetention = 20_000;
        }
    }
}
