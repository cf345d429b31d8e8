package dev.ordinal.registry.printers;

import dev.ordinal.registry.rest.TableConvertor.Column;

/** Columns that many kinds share. */
final class Columns {

    static final Column NAME = Column.name(
            "The object's name, unique for its kind within a namespace, or cluster-wide for cluster-scoped kinds.");

    static final Column AGE = Column.string("Age",
            "Time since the server created the object (metadata.creationTimestamp).");

    static final Column CONTAINERS = Column.wide("Containers",
            "Names of the pod template's containers, comma-separated.");

    static final Column IMAGES = Column.wide("Images",
            "Images of the pod template's containers, comma-separated, in container order.");

    private Columns() {
    }
}
