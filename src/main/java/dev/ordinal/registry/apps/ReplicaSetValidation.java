package dev.ordinal.registry.apps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.labels.InvalidSelectorException;
import dev.ordinal.machinery.labels.LabelSelector;
import dev.ordinal.registry.core.PodValidation;
import dev.ordinal.registry.core.SemanticEquality;

import static dev.ordinal.machinery.MetaValidation.validateLabelSelector;
import static dev.ordinal.machinery.MetaValidation.validateNonnegative;

/**
 * Upstream's ReplicaSet validation ({@code pkg/apis/apps/validation}) as of v1.32, with its paths
 * and messages, and the selector and template rules a Deployment shares with it. Unlike a
 * StatefulSet's, the pod template is validated as a pod would be.
 */
final class ReplicaSetValidation {

    /** Upstream words the empty-selector error for Deployments, and ReplicaSets reuse it. */
    private static final String EMPTY_SELECTOR = "empty selector is invalid for deployment";

    private ReplicaSetValidation() {
    }

    /** Upstream {@code ValidateReplicaSetSpec}. */
    static List<FieldError> validateSpec(JsonNode spec) {
        List<FieldError> errors = new ArrayList<>();
        errors.addAll(validateNonnegative(spec.path("replicas").asLong(0), "spec.replicas"));
        errors.addAll(validateNonnegative(spec.path("minReadySeconds").asLong(0), "spec.minReadySeconds"));
        errors.addAll(validateSelectorAndTemplate(spec, "ReplicaSet"));
        return errors;
    }

    /**
     * The selector must be set, valid and not empty, and the template's labels must match it
     * (upstream's selector checks of {@code ValidateReplicaSetSpec} and
     * {@code ValidateDeploymentSpec}, then {@code ValidatePodTemplateSpecForReplicaSet}) of a
     * {@code kind}.
     */
    static List<FieldError> validateSelectorAndTemplate(JsonNode spec, String kind) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode selectorJson = spec.path("selector");
        io.fabric8.kubernetes.api.model.LabelSelector typed = null;
        if (!selectorJson.isObject()) {
            errors.add(FieldError.required("spec.selector", ""));
        } else {
            typed = typedSelector(selectorJson, kind);
            errors.addAll(validateLabelSelector(typed, "spec.selector"));
            if (selectorJson.path("matchLabels").isEmpty() && selectorJson.path("matchExpressions").isEmpty()) {
                errors.add(FieldError.invalid("spec.selector", GoSyntax.labelSelector(selectorJson), EMPTY_SELECTOR));
            }
        }
        // Without a selector the template is still checked against one that matches nothing, so
        // upstream also reports the template's labels.
        try {
            errors.addAll(validateTemplate(spec.path("template"), LabelSelector.fromLabelSelector(typed)));
        } catch (InvalidSelectorException e) {
            errors.add(FieldError.invalid("spec.selector", GoSyntax.labelSelector(selectorJson),
                    "invalid label selector"));
        }
        return errors;
    }

    /** Upstream {@code ValidatePodTemplateSpecForReplicaSet}. */
    private static List<FieldError> validateTemplate(JsonNode template, LabelSelector selector) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode labels = template.path("metadata").path("labels");
        if (!selector.isEmpty() && !selector.matches(stringMap(labels))) {
            errors.add(FieldError.invalid("spec.template.metadata.labels", GoSyntax.stringMap(labels),
                    "`selector` does not match template `labels`"));
        }
        errors.addAll(PodValidation.validateTemplate(template, "spec.template"));
        errors.addAll(validateLongRunning(template, "ReplicaSet"));
        return errors;
    }

    /**
     * The pods of a {@code kind} run for ever: restartPolicy Always, no activeDeadlineSeconds
     * (upstream's checks after {@code ValidatePodTemplateSpec} for ReplicaSets and DaemonSets).
     */
    static List<FieldError> validateLongRunning(JsonNode template, String kind) {
        List<FieldError> errors = new ArrayList<>();
        String restartPolicy = template.path("spec").path("restartPolicy").asString("");
        if (!restartPolicy.equals("Always")) {
            errors.add(FieldError.notSupported("spec.template.spec.restartPolicy", restartPolicy, List.of("Always")));
        }
        if (template.path("spec").path("activeDeadlineSeconds").isNumber()) {
            errors.add(FieldError.forbidden("spec.template.spec.activeDeadlineSeconds",
                    "activeDeadlineSeconds in " + kind + " is not Supported"));
        }
        return errors;
    }

    /** apps/v1 makes the selector immutable (the strategies' {@code ValidateImmutableField}). */
    static List<FieldError> validateImmutableSelector(JsonNode spec, JsonNode oldSpec) {
        JsonNode selector = spec.path("selector");
        if (SemanticEquality.equal(selector, oldSpec.path("selector"))) {
            return List.of();
        }
        return List.of(FieldError.invalid("spec.selector", GoSyntax.labelSelector(selector), "field is immutable"));
    }

    /** Upstream {@code ValidateReplicaSetStatus}. */
    static List<FieldError> validateStatus(JsonNode status) {
        List<FieldError> errors = new ArrayList<>();
        long replicas = status.path("replicas").asLong(0);
        long fullyLabeled = status.path("fullyLabeledReplicas").asLong(0);
        long ready = status.path("readyReplicas").asLong(0);
        long available = status.path("availableReplicas").asLong(0);
        errors.addAll(validateNonnegative(replicas, "status.replicas"));
        errors.addAll(validateNonnegative(fullyLabeled, "status.fullyLabeledReplicas"));
        errors.addAll(validateNonnegative(ready, "status.readyReplicas"));
        errors.addAll(validateNonnegative(available, "status.availableReplicas"));
        errors.addAll(validateNonnegative(status.path("observedGeneration").asLong(0), "status.observedGeneration"));
        String notAboveReplicas = "cannot be greater than status.replicas";
        if (fullyLabeled > replicas) {
            errors.add(FieldError.invalid("status.fullyLabeledReplicas", fullyLabeled, notAboveReplicas));
        }
        if (ready > replicas) {
            errors.add(FieldError.invalid("status.readyReplicas", ready, notAboveReplicas));
        }
        if (available > replicas) {
            errors.add(FieldError.invalid("status.availableReplicas", available, notAboveReplicas));
        }
        if (available > ready) {
            errors.add(FieldError.invalid("status.availableReplicas", available, "cannot be greater than readyReplicas"));
        }
        return errors;
    }

    static Map<String, String> stringMap(JsonNode map) {
        Map<String, String> entries = new LinkedHashMap<>();
        map.properties().forEach(entry -> entries.put(entry.getKey(), entry.getValue().asString("")));
        return entries;
    }

    /** The typed selector; one Go could not decode is a bad request, in the words of upstream's decoder. */
    static io.fabric8.kubernetes.api.model.LabelSelector typedSelector(JsonNode selector, String kind) {
        try {
            return JsonMapper.shared().treeToValue(selector, io.fabric8.kubernetes.api.model.LabelSelector.class);
        } catch (JacksonException e) {
            throw StatusError.badRequest(kind + " in version \"v1\" cannot be handled as a " + kind + ": "
                    + e.getOriginalMessage());
        }
    }
}
