package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.List;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/** {@code kubectl get secrets}: NAME TYPE DATA AGE. */
public final class SecretTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.string("Type", "What the secret is for, which decides the keys its data must have."),
            Column.string("Data", "How many keys the secret's data holds."),
            Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Unstructured secret, Instant now) {
        return List.of(secret.name(), Fields.text(secret.at("type")), (long) Fields.count(secret.at("data")),
                Timestamps.age(secret, now));
    }
}
