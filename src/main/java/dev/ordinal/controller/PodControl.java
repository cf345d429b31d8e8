package dev.ordinal.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.runtime.EventRecorder;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.DeleteOptions;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * A workload controller's pod writes, with their events (upstream {@code RealPodControl} and
 * {@code slowStartBatch}): pods made from a template with a generated name, created in batches
 * of 1, 2, 4, … that stop at the first failure, and deleted one by one.
 */
public final class PodControl {

    private final GenericRegistry registry;
    private final ResourceDefinition pods;
    private final EventRecorder recorder;
    private final String component;
    private final OwnerReferences.Kind ownerKind;
    private final Consumer<Unstructured> written;

    /**
     * @param component the events' source, e.g. {@code replicaset-controller}
     * @param written   told of every pod written, e.g. to expect it in an informer cache
     */
    public PodControl(GenericRegistry registry, ResourceDefinition pods, EventRecorder recorder, String component,
                      OwnerReferences.Kind ownerKind, Consumer<Unstructured> written) {
        this.registry = registry;
        this.pods = pods;
        this.recorder = recorder;
        this.component = component;
        this.ownerKind = ownerKind;
        this.written = written;
    }

    /**
     * Creates a pod from each template, in batches that double while every creation succeeds
     * (upstream slowStartBatch, run one pod after another here); throws the first error, leaving
     * the rest of the pods to a later sync.
     */
    public void createPods(Unstructured owner, List<? extends JsonNode> templates) {
        int created = 0;
        for (int batch = 1; created < templates.size(); batch *= 2) {
            int size = Math.min(templates.size() - created, batch);
            for (int i = 0; i < size; i++) {
                createPod(owner, templates.get(created + i));
            }
            created += size;
        }
    }

    private void createPod(Unstructured owner, JsonNode template) {
        Unstructured pod = podFromTemplate(owner, template);
        Unstructured created;
        try {
            created = registry.create(pods, owner.namespace(), pod, WriteOptions.defaults());
        } catch (RuntimeException e) {
            recorder.warning(component, owner, "FailedCreate", "Error creating: " + e.getMessage());
            throw e;
        }
        written.accept(created);
        recorder.normal(component, owner, "SuccessfulCreate", "Created pod: " + created.name());
    }

    /** Deletes the pods; one already gone counts as deleted. Throws the errors together. */
    public void deletePods(Unstructured owner, List<Unstructured> victims) {
        List<RuntimeException> errors = new ArrayList<>();
        for (Unstructured pod : victims) {
            try {
                written.accept(registry.delete(pods, pod.namespace(), pod.name(), DeleteOptions.defaults()));
                recorder.normal(component, owner, "SuccessfulDelete", "Deleted pod: " + pod.name());
            } catch (RuntimeException e) {
                if (!SyncErrors.isNotFound(e)) {
                    recorder.warning(component, owner, "FailedDelete", "Error deleting: " + e.getMessage());
                    errors.add(e);
                }
            }
        }
        SyncErrors.throwIfAny(errors);
    }

    /**
     * A pod as the template describes it (upstream {@code GetPodFromTemplate}): the template's
     * labels, annotations, finalizers and spec, a name generated from {@code <owner>-}, and the owner
     * as its controller.
     */
    private Unstructured podFromTemplate(Unstructured owner, JsonNode template) {
        ObjectNode pod = JsonNodeFactory.instance.objectNode();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata");
        metadata.put("generateName", owner.name() + "-");
        metadata.put("namespace", owner.namespace());
        for (String field : List.of("labels", "annotations", "finalizers")) {
            JsonNode value = template.path("metadata").path(field);
            if (!value.isMissingNode() && !value.isNull() && !value.isEmpty()) {
                metadata.set(field, value.deepCopy());
            }
        }
        metadata.putArray("ownerReferences").add(OwnerReferences.controllerRef(owner, ownerKind));
        pod.set("spec", template.path("spec").isObject() ? template.path("spec").deepCopy()
                : JsonNodeFactory.instance.objectNode());
        return new Unstructured(pod);
    }
}
