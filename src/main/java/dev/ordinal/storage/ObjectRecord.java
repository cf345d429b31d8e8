package dev.ordinal.storage;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The stored form of one live object. */
@Entity
@Table(name = "objects")
class ObjectRecord {

    @EmbeddedId
    private ObjectRecordKey key;

    @Column(name = "resource_version", nullable = false)
    private long resourceVersion;

    @Column(name = "body", nullable = false)
    private String body;

    protected ObjectRecord() {
    }

    ObjectRecordKey key() {
        return key;
    }

    long resourceVersion() {
        return resourceVersion;
    }

    String body() {
        return body;
    }
}
