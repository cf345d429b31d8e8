package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.List;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/** {@code kubectl get statefulsets}: NAME READY AGE, wide CONTAINERS IMAGES. */
public final class StatefulSetTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.string("Ready", "Pods reporting ready, out of the replicas the spec asks for."),
            Columns.AGE,
            Columns.CONTAINERS,
            Columns.IMAGES);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Unstructured statefulSet, Instant now) {
        long ready = Fields.number(statefulSet.at("status.readyReplicas"));
        long desired = Fields.number(statefulSet.at("spec.replicas"));
        ContainerCells containers = ContainerCells.of(statefulSet.at("spec.template"));
        return List.of(statefulSet.name(), ready + "/" + desired, Timestamps.age(statefulSet, now),
                containers.names(), containers.images());
    }
}
