package dev.ordinal.registry.apps;

import java.util.List;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.NameRule;
import dev.ordinal.registry.rest.Strategy;

/**
 * StatefulSets (upstream {@code pkg/registry/apps/statefulset/strategy.go}) as a v1.32 apiserver
 * with default feature gates treats them: defaulted on every write, a new set's status reset, a
 * DNS-1123 label as name, generation counting spec changes, only some spec fields mutable.
 */
final class StatefulSetStrategy implements Strategy {

    private final JsonMapper mapper;

    StatefulSetStrategy(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** Its pods take hostnames made from it, so it must be a DNS-1123 label (upstream since 1.27). */
    @Override
    public NameRule nameRule() {
        return NameRule.DNS1123_LABEL;
    }

    @Override
    public boolean tracksGeneration() {
        return true;
    }

    @Override
    public void applyDefaults(Unstructured statefulSet) {
        StatefulSetDefaults.apply(statefulSet.json());
    }

    /**
     * A new set starts from an empty status, which Go writes with its two counters that have no
     * omitempty.
     */
    @Override
    public void prepareForCreate(Unstructured statefulSet) {
        statefulSet.json().putObject("status").put("replicas", 0).put("availableReplicas", 0);
        dropMaxUnavailable(statefulSet.json());
    }

    @Override
    public void prepareForUpdate(Unstructured statefulSet, Unstructured old) {
        dropMaxUnavailable(statefulSet.json());
    }

    /**
     * MaxUnavailableStatefulSet is alpha and off in v1.32, so maxUnavailable is dropped from every
     * write. (Upstream keeps it on an update of an object that already has it, which no object
     * stored here can.)
     */
    private static void dropMaxUnavailable(ObjectNode statefulSet) {
        if (statefulSet.path("spec").path("updateStrategy").get("rollingUpdate") instanceof ObjectNode rollingUpdate) {
            rollingUpdate.remove("maxUnavailable");
        }
    }

    @Override
    public List<FieldError> validate(Unstructured statefulSet) {
        return StatefulSetValidation.validateSpec(typed(statefulSet), statefulSet.json());
    }

    @Override
    public List<FieldError> validateUpdate(Unstructured statefulSet, Unstructured old) {
        return StatefulSetValidation.validateUpdate(typed(statefulSet), statefulSet.json(), old.json());
    }

    @Override
    public List<FieldError> validateStatusUpdate(Unstructured statefulSet, Unstructured old) {
        return StatefulSetValidation.validateStatusUpdate(typed(statefulSet).getStatus(), typed(old).getStatus());
    }

    /** The typed view; a body Go could not decode into a StatefulSet is a bad request, as upstream's decoder says. */
    private StatefulSet typed(Unstructured statefulSet) {
        try {
            return mapper.treeToValue(statefulSet.json(), StatefulSet.class);
        } catch (JacksonException e) {
            throw StatusError.badRequest("StatefulSet in version \"v1\" cannot be handled as a StatefulSet: "
                    + e.getOriginalMessage());
        }
    }
}
