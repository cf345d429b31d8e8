package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.List;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/** {@code kubectl get namespaces}: NAME STATUS AGE. */
public final class NamespaceTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.string("Status", "Active, or Terminating while the namespace's contents are removed."),
            Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Unstructured namespace, Instant now) {
        return List.of(namespace.name(), Fields.text(namespace.at("status.phase")), Timestamps.age(namespace, now));
    }
}
