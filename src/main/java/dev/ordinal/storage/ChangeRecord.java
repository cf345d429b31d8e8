package dev.ordinal.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One entry of the change log: the write that took {@code resourceVersion}. */
@Entity
@Table(name = "changes")
class ChangeRecord {

    @Id
    @Column(name = "resource_version")
    private long resourceVersion;

    @Column(name = "type", nullable = false)
    private String type;

    @Column(name = "resource", nullable = false)
    private String resource;

    @Column(name = "namespace", nullable = false)
    private String namespace;

    @Column(name = "name", nullable = false)
    private String name;

    @Column(name = "body", nullable = false)
    private String body;

    protected ChangeRecord() {
    }

    long resourceVersion() {
        return resourceVersion;
    }

    String type() {
        return type;
    }

    String resource() {
        return resource;
    }

    String namespace() {
        return namespace;
    }

    String name() {
        return name;
    }

    String body() {
        return body;
    }
}
