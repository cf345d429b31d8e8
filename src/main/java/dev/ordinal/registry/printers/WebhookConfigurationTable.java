package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.List;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/** {@code kubectl get validatingwebhookconfigurations} (and mutating): NAME WEBHOOKS AGE. */
public final class WebhookConfigurationTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.integer("Webhooks", "How many webhooks the configuration holds."),
            Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Unstructured configuration, Instant now) {
        return List.of(configuration.name(), configuration.json().path("webhooks").size(),
                Timestamps.age(configuration, now));
    }
}
