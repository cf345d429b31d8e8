package dev.ordinal.storage;

import java.io.Serializable;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** The identity of a stored object: resource ({@code statefulsets.apps}), namespace ("" if none), name. */
@Embeddable
record ObjectRecordKey(
        @Column(name = "resource") String resource,
        @Column(name = "namespace") String namespace,
        @Column(name = "name") String name) implements Serializable {
}
