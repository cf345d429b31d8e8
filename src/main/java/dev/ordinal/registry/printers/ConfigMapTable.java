package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.List;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/** {@code kubectl get configmaps}: NAME DATA AGE. */
public final class ConfigMapTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.string("Data", "How many keys the config map holds, text and binary together."),
            Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Unstructured configMap, Instant now) {
        long keys = Fields.count(configMap.at("data")) + Fields.count(configMap.at("binaryData"));
        return List.of(configMap.name(), keys, Timestamps.age(configMap, now));
    }
}
