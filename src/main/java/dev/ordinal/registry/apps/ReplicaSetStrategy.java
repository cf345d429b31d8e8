package dev.ordinal.registry.apps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.core.CoreV1Defaults;
import dev.ordinal.registry.rest.Strategy;

import static dev.ordinal.machinery.JsonFields.isNull;
import static dev.ordinal.machinery.JsonFields.struct;

/**
 * ReplicaSets (upstream {@code pkg/registry/apps/replicaset/strategy.go}): {@code SetDefaults_ReplicaSet}
 * and the pod template's defaults on every write, a new set's status reset, generation counting
 * spec changes, an immutable selector, and {@code status.replicas} as a field selector.
 */
final class ReplicaSetStrategy implements Strategy {

    private static final String REPLICAS_FIELD = "status.replicas";

    @Override
    public boolean tracksGeneration() {
        return true;
    }

    @Override
    public void applyDefaults(Unstructured replicaSet) {
        ObjectNode spec = struct(replicaSet.json(), "spec");
        if (spec == null) {
            return;
        }
        if (isNull(spec, "replicas")) {
            spec.put("replicas", 1);
        }
        ObjectNode template = struct(spec, "template");
        if (template != null) {
            CoreV1Defaults.applyToPodTemplateSpec(template);
        }
    }

    /** An empty status, which Go writes with {@code replicas}, its one counter without omitempty. */
    @Override
    public void prepareForCreate(Unstructured replicaSet) {
        replicaSet.json().putObject("status").put("replicas", 0);
    }

    @Override
    public List<FieldError> validate(Unstructured replicaSet) {
        return ReplicaSetValidation.validateSpec(replicaSet.json().path("spec"));
    }

    @Override
    public List<FieldError> validateUpdate(Unstructured replicaSet, Unstructured old) {
        List<FieldError> errors = new ArrayList<>(validate(replicaSet));
        errors.addAll(ReplicaSetValidation.validateImmutableSelector(replicaSet.json().path("spec"),
                old.json().path("spec")));
        return errors;
    }

    @Override
    public List<FieldError> validateStatusUpdate(Unstructured replicaSet, Unstructured old) {
        return ReplicaSetValidation.validateStatus(replicaSet.json().path("status"));
    }

    @Override
    public Map<String, String> selectableFields(Unstructured replicaSet) {
        return Map.of(REPLICAS_FIELD, String.valueOf(replicaSet.at(REPLICAS_FIELD).asLong(0)));
    }

    @Override
    public Set<String> selectableFieldNames() {
        return Set.of(REPLICAS_FIELD);
    }
}
