package dev.ordinal.controller.replicaset;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.OwnerReferences;
import dev.ordinal.controller.SyncErrors;
import dev.ordinal.controller.runtime.EventRecorder;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.DeleteOptions;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * The ReplicaSet controller's pod writes, with their events (upstream {@code RealPodControl} and
 * {@code slowStartBatch}): pods made from the template with a generated name, created in batches
 * of 1, 2, 4, … that stop at the first failure, and deleted one by one.
 */
final class ReplicaSetPodControl {

    /** The component of the events. */
    static final String COMPONENT = "replicaset-controller";

    private final GenericRegistry registry;
    private final ResourceDefinition pods;
    private final EventRecorder recorder;
    private final Consumer<Unstructured> written;

    ReplicaSetPodControl(GenericRegistry registry, ResourceDefinition pods, EventRecorder recorder,
                         Consumer<Unstructured> written) {
        this.registry = registry;
        this.pods = pods;
        this.recorder = recorder;
        this.written = written;
    }

    /**
     * Creates {@code count} pods for the set, in batches that double while every creation
     * succeeds (upstream slowStartBatch, run one pod after another here); throws the first error,
     * leaving the rest of the pods to a later sync.
     */
    void createPods(Unstructured replicaSet, int count) {
        int remaining = count;
        for (int batch = 1; remaining > 0; batch *= 2) {
            int size = Math.min(remaining, batch);
            for (int i = 0; i < size; i++) {
                createPod(replicaSet);
            }
            remaining -= size;
        }
    }

    private void createPod(Unstructured replicaSet) {
        Unstructured pod = podFromTemplate(replicaSet);
        Unstructured created;
        try {
            created = registry.create(pods, replicaSet.namespace(), pod, WriteOptions.defaults());
        } catch (RuntimeException e) {
            recorder.warning(COMPONENT, replicaSet, "FailedCreate", "Error creating: " + e.getMessage());
            throw e;
        }
        written.accept(created);
        recorder.normal(COMPONENT, replicaSet, "SuccessfulCreate", "Created pod: " + created.name());
    }

    /** Deletes the pods; one already gone counts as deleted. Throws the errors together. */
    void deletePods(Unstructured replicaSet, List<Unstructured> victims) {
        List<RuntimeException> errors = new ArrayList<>();
        for (Unstructured pod : victims) {
            try {
                written.accept(registry.delete(pods, pod.namespace(), pod.name(), DeleteOptions.defaults()));
                recorder.normal(COMPONENT, replicaSet, "SuccessfulDelete", "Deleted pod: " + pod.name());
            } catch (RuntimeException e) {
                if (!SyncErrors.isNotFound(e)) {
                    recorder.warning(COMPONENT, replicaSet, "FailedDelete", "Error deleting: " + e.getMessage());
                    errors.add(e);
                }
            }
        }
        SyncErrors.throwIfAny(errors);
    }

    /**
     * A pod as the template describes it (upstream {@code GetPodFromTemplate}): the template's
     * labels, annotations, finalizers and spec, a name generated from {@code <set>-}, and the set as
     * its controller.
     */
    static Unstructured podFromTemplate(Unstructured replicaSet) {
        JsonNode template = replicaSet.at("spec.template");
        ObjectNode pod = JsonNodeFactory.instance.objectNode();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata");
        metadata.put("generateName", replicaSet.name() + "-");
        metadata.put("namespace", replicaSet.namespace());
        for (String field : List.of("labels", "annotations", "finalizers")) {
            JsonNode value = template.path("metadata").path(field);
            if (!value.isMissingNode() && !value.isNull() && !value.isEmpty()) {
                metadata.set(field, value.deepCopy());
            }
        }
        metadata.putArray("ownerReferences")
                .add(OwnerReferences.controllerRef(replicaSet, OwnerReferences.REPLICA_SET));
        pod.set("spec", template.path("spec").isObject() ? template.path("spec").deepCopy()
                : JsonNodeFactory.instance.objectNode());
        return new Unstructured(pod);
    }
}
