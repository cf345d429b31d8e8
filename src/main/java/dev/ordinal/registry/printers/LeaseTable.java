package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.List;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/** {@code kubectl get leases}: NAME HOLDER AGE. */
public final class LeaseTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.string("Holder", "Who holds the lease now."),
            Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Unstructured lease, Instant now) {
        return List.of(lease.name(), Fields.text(lease.at("spec.holderIdentity")), Timestamps.age(lease, now));
    }
}
