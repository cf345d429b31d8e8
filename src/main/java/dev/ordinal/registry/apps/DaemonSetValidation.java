package dev.ordinal.registry.apps;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.labels.InvalidSelectorException;
import dev.ordinal.machinery.labels.LabelSelector;
import dev.ordinal.registry.core.PodValidation;

import static dev.ordinal.machinery.MetaValidation.validateLabelSelector;
import static dev.ordinal.machinery.MetaValidation.validateNonnegative;

/** Upstream's DaemonSet validation ({@code pkg/apis/apps/validation}) as of v1.32, with its paths and messages. */
final class DaemonSetValidation {

    private static final List<String> STRATEGY_TYPES = List.of("RollingUpdate", "OnDelete");

    private DaemonSetValidation() {
    }

    /**
     * Upstream {@code ValidateDaemonSetSpec}, in its order. Unlike a ReplicaSet's, a missing
     * selector is no error of its own: it selects nothing, so the template's labels do not match it.
     */
    static List<FieldError> validateSpec(JsonNode spec) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode selectorJson = spec.path("selector");
        io.fabric8.kubernetes.api.model.LabelSelector typed = selectorJson.isObject()
                ? ReplicaSetValidation.typedSelector(selectorJson, "DaemonSet") : null;
        errors.addAll(validateLabelSelector(typed, "spec.selector"));
        JsonNode template = spec.path("template");
        JsonNode labels = template.path("metadata").path("labels");
        try {
            if (!LabelSelector.fromLabelSelector(typed).matches(ReplicaSetValidation.stringMap(labels))) {
                errors.add(FieldError.invalid("spec.template.metadata.labels", GoSyntax.stringMap(labels),
                        "`selector` does not match template `labels`"));
            }
        } catch (InvalidSelectorException e) {
            // Upstream skips the match when the selector does not convert; validateLabelSelector said why.
        }
        if (typed != null && selectorJson.path("matchLabels").isEmpty() && selectorJson.path("matchExpressions").isEmpty()) {
            errors.add(FieldError.invalid("spec.selector", GoSyntax.labelSelector(selectorJson),
                    "empty selector is invalid for daemonset"));
        }
        errors.addAll(PodValidation.validateTemplate(template, "spec.template"));
        errors.addAll(ReplicaSetValidation.validateLongRunning(template, "DaemonSet"));
        errors.addAll(validateNonnegative(spec.path("minReadySeconds").asLong(0), "spec.minReadySeconds"));
        errors.addAll(validateUpdateStrategy(spec.path("updateStrategy")));
        if (spec.path("revisionHistoryLimit").isNumber()) {
            errors.addAll(validateNonnegative(spec.path("revisionHistoryLimit").asLong(), "spec.revisionHistoryLimit"));
        }
        return errors;
    }

    /** Upstream {@code ValidateDaemonSetUpdateStrategy}. */
    private static List<FieldError> validateUpdateStrategy(JsonNode strategy) {
        JsonNode rollingUpdate = strategy.path("rollingUpdate");
        return switch (strategy.path("type").asString("")) {
            case "OnDelete" -> List.of();
            case "RollingUpdate" -> rollingUpdate.isObject() ? validateRollingUpdate(rollingUpdate)
                    : List.of(FieldError.required("spec.updateStrategy.rollingUpdate", ""));
            default -> List.of(FieldError.notSupported("spec.updateStrategy",
                    GoSyntax.daemonSetUpdateStrategy(strategy), STRATEGY_TYPES));
        };
    }

    /**
     * Upstream {@code ValidateRollingUpdateDaemonSet}: both bounds non-negative numbers or valid
     * percentages of at most 100%, and exactly one of them not 0.
     */
    private static List<FieldError> validateRollingUpdate(JsonNode rollingUpdate) {
        String path = "spec.updateStrategy.rollingUpdate.";
        JsonNode maxUnavailable = rollingUpdate.path("maxUnavailable");
        JsonNode maxSurge = rollingUpdate.path("maxSurge");
        List<FieldError> errors = new ArrayList<>();
        errors.addAll(DeploymentValidation.validatePositiveIntOrPercent(maxUnavailable, path + "maxUnavailable"));
        errors.addAll(DeploymentValidation.validatePositiveIntOrPercent(maxSurge, path + "maxSurge"));
        errors.addAll(notMoreThan100Percent(maxUnavailable, path + "maxUnavailable"));
        errors.addAll(notMoreThan100Percent(maxSurge, path + "maxSurge"));
        boolean hasUnavailable = DeploymentValidation.intOrPercentValue(maxUnavailable) != 0;
        boolean hasSurge = DeploymentValidation.intOrPercentValue(maxSurge) != 0;
        if (hasUnavailable && hasSurge) {
            errors.add(FieldError.invalid(path + "maxSurge", GoSyntax.intOrString(maxSurge),
                    "may not be set when maxUnavailable is non-zero"));
        } else if (!hasUnavailable && !hasSurge) {
            errors.add(FieldError.required(path + "maxUnavailable", "cannot be 0 when maxSurge is 0"));
        }
        return errors;
    }

    /** Upstream {@code IsNotMoreThan100Percent}. */
    private static List<FieldError> notMoreThan100Percent(JsonNode value, String path) {
        Long percent = DeploymentValidation.percentValue(value);
        if (percent == null || percent <= 100) {
            return List.of();
        }
        return List.of(FieldError.invalid(path, GoSyntax.intOrString(value), "must not be greater than 100%"));
    }

    /** Upstream {@code validateDaemonSetStatus} and, on an update, a collisionCount that never goes down. */
    static List<FieldError> validateStatusUpdate(JsonNode status, JsonNode oldStatus) {
        List<FieldError> errors = new ArrayList<>();
        for (String counter : List.of("currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled",
                "numberReady", "observedGeneration", "updatedNumberScheduled", "numberAvailable",
                "numberUnavailable")) {
            errors.addAll(validateNonnegative(status.path(counter).asLong(0), "status." + counter));
        }
        JsonNode current = status.path("collisionCount");
        if (current.isNumber()) {
            errors.addAll(validateNonnegative(current.asLong(), "status.collisionCount"));
        }
        errors.addAll(DeploymentValidation.validateCollisionCountUpdate(status, oldStatus));
        return errors;
    }
}
