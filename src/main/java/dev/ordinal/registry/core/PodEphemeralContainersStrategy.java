package dev.ordinal.registry.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.Strategy;

import static dev.ordinal.machinery.JsonFields.objects;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * How a write through a pod's {@code ephemeralcontainers} subresource changes it, as upstream's
 * {@code podEphemeralContainersStrategy}: everything but {@code spec.ephemeralContainers} is kept
 * as it was ({@code dropNonEphemeralContainerUpdates}), and {@code ValidatePodEphemeralContainersUpdate}
 * lets ephemeral containers only be added, each valid and none removed or changed.
 */
final class PodEphemeralContainersStrategy implements Strategy {

    private final Strategy pods;

    PodEphemeralContainersStrategy(Strategy pods) {
        this.pods = pods;
    }

    @Override
    public void applyDefaults(Unstructured pod) {
        pods.applyDefaults(pod);
    }

    /** The pod as it was, with the ephemeral containers of the write. */
    @Override
    public void prepareForUpdate(Unstructured pod, Unstructured old) {
        JsonNode ephemeral = pod.json().path("spec").get("ephemeralContainers");
        ObjectNode kept = old.json().deepCopy();
        ObjectNode metadata = kept.withObject("metadata");
        for (String field : List.of("name", "namespace", "resourceVersion", "uid")) {
            JsonNode value = pod.metadata().get(field);
            if (value != null) {
                metadata.set(field, value);
            }
        }
        ObjectNode spec = kept.withObject("spec");
        if (ephemeral == null || ephemeral.isNull()) {
            spec.remove("ephemeralContainers");
        } else {
            spec.set("ephemeralContainers", ephemeral);
        }
        pod.json().removeAll();
        pod.json().setAll(kept);
    }

    @Override
    public List<FieldError> validateUpdate(Unstructured pod, Unstructured old) {
        if (old.annotations().containsKey("kubernetes.io/config.mirror")) {
            return List.of(FieldError.forbidden("", "static pods do not support ephemeral containers"));
        }
        JsonNode spec = pod.json().path("spec");
        Set<String> volumes = new HashSet<>();
        objects(spec, "volumes").forEach(volume -> volumes.add(text(volume, "name")));
        List<FieldError> errors = new ArrayList<>(ContainerValidation.ephemeralContainers(spec, volumes));
        Map<String, ObjectNode> added = new HashMap<>();
        objects(spec, "ephemeralContainers").forEach(container -> added.put(text(container, "name"), container));
        for (ObjectNode existing : objects(old.json().path("spec"), "ephemeralContainers")) {
            String name = text(existing, "name");
            ObjectNode now = added.get(name);
            if (now == null) {
                errors.add(FieldError.forbidden("spec.ephemeralContainers",
                        "existing ephemeral containers \"" + name + "\" may not be removed\n"));
            } else if (!SemanticEquality.equal(existing, now)) {
                errors.add(FieldError.forbidden("spec.ephemeralContainers[" + name + "]",
                        "existing ephemeral containers \"" + name + "\" may not be changed\n"));
            }
        }
        return errors;
    }
}
