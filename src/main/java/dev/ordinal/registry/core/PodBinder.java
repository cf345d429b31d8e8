package dev.ordinal.registry.core;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.GroupVersionKind;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Timestamps;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.pod.PodConditions;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.NamedCreater;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.WriteOptions;
import dev.ordinal.storage.ObjectStore;

/**
 * The binding subresource of pods ({@code POST .../pods/{name}/binding} with a v1 Binding), as
 * upstream's {@code BindingREST}: the one way to assign a pod to a node. Like upstream it writes
 * to storage directly, past the pod update validation that forbids changing spec.nodeName; it
 * sets spec.nodeName, adds the binding's annotations and marks the pod PodScheduled=True.
 * The metadata.uid and metadata.resourceVersion of the Binding are preconditions on the pod.
 * Registered as the pods' {@code binding} subresource; the scheduler binds through it too.
 */
@Component
public final class PodBinder implements NamedCreater {

    private static final GroupResource PODS = new GroupResource("", "pods");
    private static final GroupResource BINDING = new GroupResource("", "pods/binding");

    private final ObjectStore store;
    private final Clock clock;

    PodBinder(ObjectStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public GroupVersionKind kind(ResourceDefinition parent) {
        return new GroupVersionKind("", "v1", "Binding");
    }

    @Override
    public List<String> verbs() {
        return List.of("create");
    }

    /** Binds as {@link #bind} and answers, as upstream's BindingREST, a Success Status (201). */
    @Override
    public Unstructured create(ResourceDefinition parent, String namespace, String name, Unstructured binding,
                               WriteOptions options) {
        bind(namespace, name, binding, options.dryRun());
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        status.put("code", 201);
        return new Unstructured(status);
    }

    /** Binds the pod {@code namespace/name} to the node the binding targets. */
    public void bind(String namespace, String name, Unstructured binding, boolean dryRun) {
        if (!binding.name().equals(name)) {
            throw StatusError.badRequest("name in URL does not match name in Binding object");
        }
        if (!binding.namespace().isEmpty() && !binding.namespace().equals(namespace)) {
            throw StatusError.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request");
        }
        String kind = binding.json().path("target").path("kind").asString("");
        String node = binding.json().path("target").path("name").asString("");
        List<FieldError> errors = new ArrayList<>();
        if (!kind.isEmpty() && !kind.equals("Node")) {
            errors.add(FieldError.notSupported("target.kind", kind, List.of("Node", "<empty>")));
        }
        if (node.isEmpty()) {
            errors.add(FieldError.required("target.name", ""));
        }
        if (!errors.isEmpty()) {
            throw StatusError.invalid("", "Binding", name, errors);
        }
        store.update(PODS, namespace, name, pod -> assign(pod, binding, node), pod -> false, dryRun);
    }

    private Unstructured assign(Unstructured pod, Unstructured binding, String node) {
        String name = pod.name();
        if (!binding.uid().isEmpty() && !binding.uid().equals(pod.uid())) {
            throw StatusError.conflict(PODS, name, "Precondition failed: UID in precondition: " + binding.uid()
                    + ", UID in object meta: " + pod.uid());
        }
        if (!binding.resourceVersion().isEmpty() && !binding.resourceVersion().equals(pod.resourceVersion())) {
            throw StatusError.modified(PODS, name);
        }
        if (pod.isBeingDeleted()) {
            throw StatusError.conflict(BINDING, name,
                    "pod " + name + " is being deleted, cannot be assigned to a host");
        }
        String assigned = pod.json().path("spec").path("nodeName").asString("");
        if (!assigned.isEmpty()) {
            throw StatusError.conflict(BINDING, name, "pod " + name + " is already assigned to node \"" + assigned
                    + "\"");
        }
        if (!pod.json().path("spec").path("schedulingGates").isEmpty()) {
            throw StatusError.conflict(BINDING, name, "pod " + name + " has non-empty .spec.schedulingGates");
        }
        pod.json().withObject("spec").put("nodeName", node);
        binding.annotations().forEach((key, value) -> pod.metadata().withObject("annotations").put(key, value));
        ObjectNode status = pod.json().withObject("status");
        PodConditions.update(status, "PodScheduled", "True", "", "", Timestamps.format(clock.instant()));
        return pod;
    }
}
