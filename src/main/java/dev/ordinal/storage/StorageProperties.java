package dev.ordinal.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Storage settings.
 *
 * @param changeLogRetention how many changes the change log keeps, in memory and in the database;
 *                           a watch from an older resourceVersion gets 410 Gone (Expired), as a
 *                           watch older than etcd's compaction does
 */
@ConfigurationProperties("ordinal.storage")
public record StorageProperties(Integer changeLogRetention) {

    public StorageProperties {
        if (changeLogRetention == null) {
            changeLogRetention = 20_000;
        }
    }
}
