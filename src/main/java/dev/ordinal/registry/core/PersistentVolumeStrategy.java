package dev.ordinal.registry.core;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Timestamps;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.Strategy;

import static dev.ordinal.machinery.JsonFields.defaultText;
import static dev.ordinal.machinery.JsonFields.object;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * PersistentVolumes (upstream {@code pkg/registry/core/persistentvolume}): reclaim policy Retain
 * and volumeMode Filesystem by default, status Pending on create with the time of that phase, a
 * source that never changes, and a new {@code lastPhaseTransitionTime} whenever a status write
 * changes the phase.
 */
final class PersistentVolumeStrategy implements Strategy {

    private final Clock clock;

    PersistentVolumeStrategy(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void applyDefaults(Unstructured volume) {
        ObjectNode spec = object(volume.json(), "spec");
        defaultText(spec, "persistentVolumeReclaimPolicy", "Retain");
        defaultText(spec, "volumeMode", "Filesystem");
        if (spec.get("hostPath") instanceof ObjectNode hostPath && !hostPath.has("type")) {
            hostPath.put("type", "");
        }
    }

    @Override
    public void prepareForCreate(Unstructured volume) {
        volume.json().putObject("status")
                .put("phase", "Pending")
                .put("lastPhaseTransitionTime", Timestamps.format(clock.instant()));
    }

    @Override
    public List<FieldError> validate(Unstructured volume) {
        return VolumeValidation.volumeSpec(volume.json().path("spec"));
    }

    @Override
    public List<FieldError> validateUpdate(Unstructured volume, Unstructured old) {
        List<FieldError> errors = new ArrayList<>(validate(volume));
        JsonNode spec = volume.json().path("spec");
        JsonNode oldSpec = old.json().path("spec");
        ObjectNode source = source(spec);
        ObjectNode oldSource = source(oldSpec);
        // A CSI volume may get the secret for controller expansion later.
        if (oldSource.path("csi").isObject() && !oldSource.get("csi").has("controllerExpandSecretRef")
                && source.get("csi") instanceof ObjectNode csi) {
            csi.remove("controllerExpandSecretRef");
        }
        if (!SemanticEquality.equal(source, oldSource)) {
            errors.add(FieldError.forbidden("spec.persistentvolumesource",
                    "spec.persistentvolumesource is immutable after creation"));
        }
        if (!text(spec, "volumeMode").equals(text(oldSpec, "volumeMode"))) {
            // Upstream names this field without its spec prefix.
            errors.add(FieldError.invalid("volumeMode", text(spec, "volumeMode"), "field is immutable"));
        }
        return errors;
    }

    /** The phase's transition time stays while the phase does, and is now when the phase changes. */
    @Override
    public void prepareForStatusUpdate(Unstructured volume, Unstructured old) {
        ObjectNode status = object(volume.json(), "status");
        JsonNode oldStatus = old.json().path("status");
        JsonNode transition = status.path("lastPhaseTransitionTime");
        JsonNode oldTransition = oldStatus.path("lastPhaseTransitionTime");
        boolean unset = !transition.isString();
        if (text(status, "phase").equals(text(oldStatus, "phase"))) {
            if (unset && oldTransition.isString()) {
                status.set("lastPhaseTransitionTime", oldTransition.deepCopy());
            }
        } else if (unset || transition.equals(oldTransition)) {
            status.put("lastPhaseTransitionTime", Timestamps.format(clock.instant()));
        }
    }

    /** The one volume source of a spec, as an object holding just that field. */
    private static ObjectNode source(JsonNode spec) {
        ObjectNode source = JsonNodeFactory.instance.objectNode();
        for (String field : VolumeValidation.SOURCES.keySet()) {
            if (spec.has(field)) {
                source.set(field, spec.get(field).deepCopy());
            }
        }
        return source;
    }
}
