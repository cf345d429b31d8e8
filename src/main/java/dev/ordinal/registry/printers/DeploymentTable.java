package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.List;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/**
 * {@code kubectl get deployments}: NAME READY UP-TO-DATE AVAILABLE AGE, wide CONTAINERS IMAGES
 * SELECTOR.
 */
public final class DeploymentTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.string("Ready", "Pods reporting ready, out of the replicas the spec asks for."),
            Column.integer("Up-to-date", "The number of pods made from the current pod template."),
            Column.integer("Available", "The number of pods ready for at least minReadySeconds."),
            Columns.AGE,
            Columns.CONTAINERS,
            Columns.IMAGES,
            Column.wide("Selector", "The label selector that picks the Deployment's pods."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    /** Upstream's printDeployment, whose selector cell is empty, not {@code <none>}, for no selector. */
    @Override
    public List<Object> cells(Unstructured deployment, Instant now) {
        long ready = Fields.number(deployment.at("status.readyReplicas"));
        long desired = Fields.number(deployment.at("spec.replicas"));
        ContainerCells containers = ContainerCells.of(deployment.at("spec.template"));
        return List.of(deployment.name(), ready + "/" + desired,
                Fields.number(deployment.at("status.updatedReplicas")),
                Fields.number(deployment.at("status.availableReplicas")),
                Timestamps.age(deployment, now),
                containers.names(), containers.images(),
                WorkloadSelector.of(deployment.at("spec.selector")));
    }
}
