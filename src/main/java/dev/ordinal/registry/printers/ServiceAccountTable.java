package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.List;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/** {@code kubectl get serviceaccounts}: NAME SECRETS AGE. */
public final class ServiceAccountTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.string("Secrets", "How many secrets the service account lists."),
            Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Unstructured serviceAccount, Instant now) {
        return List.of(serviceAccount.name(), (long) Fields.count(serviceAccount.at("secrets")),
                Timestamps.age(serviceAccount, now));
    }
}
