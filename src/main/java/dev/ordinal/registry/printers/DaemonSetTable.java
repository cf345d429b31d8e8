package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.List;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/**
 * {@code kubectl get daemonsets}: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE,
 * wide CONTAINERS IMAGES SELECTOR.
 */
public final class DaemonSetTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.integer("Desired", "The number of nodes that should run the daemon pod."),
            Column.integer("Current", "The number of those nodes that run at least one daemon pod."),
            Column.integer("Ready", "The number of those nodes whose daemon pod is ready."),
            Column.integer("Up-to-date", "The number of those nodes whose daemon pod is made from the current template."),
            Column.integer("Available", "The number of those nodes whose daemon pod has been ready for minReadySeconds."),
            Column.string("Node Selector", "The node labels a node needs to run the daemon pod."),
            Columns.AGE,
            Columns.CONTAINERS,
            Columns.IMAGES,
            Column.wide("Selector", "The label selector that picks the DaemonSet's pods."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    /** Upstream's printDaemonSet: the template's nodeSelector and the selector both {@code <none>} when empty. */
    @Override
    public List<Object> cells(Unstructured daemonSet, Instant now) {
        ContainerCells containers = ContainerCells.of(daemonSet.at("spec.template"));
        return List.of(daemonSet.name(),
                Fields.number(daemonSet.at("status.desiredNumberScheduled")),
                Fields.number(daemonSet.at("status.currentNumberScheduled")),
                Fields.number(daemonSet.at("status.numberReady")),
                Fields.number(daemonSet.at("status.updatedNumberScheduled")),
                Fields.number(daemonSet.at("status.numberAvailable")),
                Fields.labels(daemonSet.at("spec.template.spec.nodeSelector")),
                Timestamps.age(daemonSet, now),
                containers.names(), containers.images(),
                Fields.orNone(WorkloadSelector.of(daemonSet.at("spec.selector"))));
    }
}
