package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.List;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/** {@code kubectl get poddisruptionbudgets}: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE. */
public final class PodDisruptionBudgetTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.string("Min Available", "Pods, or a percentage of them, that must stay available."),
            Column.string("Max Unavailable", "Pods, or a percentage of them, that may be down at once."),
            Column.integer("Allowed Disruptions", "How many pods may be evicted right now."),
            Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Unstructured budget, Instant now) {
        return List.of(budget.name(),
                Fields.textOr(budget.at("spec.minAvailable"), "N/A"),
                Fields.textOr(budget.at("spec.maxUnavailable"), "N/A"),
                Fields.number(budget.at("status.disruptionsAllowed")),
                Timestamps.age(budget, now));
    }
}
