package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.List;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/**
 * {@code kubectl get roles} and {@code clusterroles}: NAME CREATED AT, the creation time as an
 * RFC 3339 date rather than an age, as upstream's {@code printRole} and {@code printClusterRole}.
 */
public final class RoleTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            new Column("Created At", "date", "", "Time the server created the object (metadata.creationTimestamp).", 0));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Unstructured role, Instant now) {
        return List.of(role.name(), Fields.text(role.at("metadata.creationTimestamp")));
    }
}
