package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.List;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/** {@code kubectl get replicasets}: NAME DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES SELECTOR. */
public final class ReplicaSetTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.integer("Desired", "The number of pods the spec asks for (spec.replicas)."),
            Column.integer("Current", "The number of pods the ReplicaSet has, not counting those being deleted."),
            Column.integer("Ready", "The number of its pods with a Ready condition."),
            Columns.AGE,
            Columns.CONTAINERS,
            Columns.IMAGES,
            Column.wide("Selector", "The label selector that picks the ReplicaSet's pods."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    /** Upstream's printReplicaSet, whose selector cell is FormatLabelSelector's: {@code <none>} when empty. */
    @Override
    public List<Object> cells(Unstructured replicaSet, Instant now) {
        ContainerCells containers = ContainerCells.of(replicaSet.at("spec.template"));
        return List.of(replicaSet.name(),
                Fields.number(replicaSet.at("spec.replicas")),
                Fields.number(replicaSet.at("status.replicas")),
                Fields.number(replicaSet.at("status.readyReplicas")),
                Timestamps.age(replicaSet, now),
                containers.names(), containers.images(),
                Fields.orNone(WorkloadSelector.of(replicaSet.at("spec.selector"))));
    }
}
