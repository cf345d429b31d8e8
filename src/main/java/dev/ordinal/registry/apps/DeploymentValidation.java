package dev.ordinal.registry.apps;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Formats;

import static dev.ordinal.machinery.MetaValidation.validateNonnegative;

/** Upstream's Deployment validation ({@code pkg/apis/apps/validation}) as of v1.32, with its paths and messages. */
final class DeploymentValidation {

    private static final List<String> STRATEGY_TYPES = List.of("Recreate", "RollingUpdate");

    private DeploymentValidation() {
    }

    /** Upstream {@code ValidateDeploymentSpec}, in its order. */
    static List<FieldError> validateSpec(JsonNode spec) {
        List<FieldError> errors = new ArrayList<>();
        errors.addAll(validateNonnegative(spec.path("replicas").asLong(0), "spec.replicas"));
        errors.addAll(ReplicaSetValidation.validateSelectorAndTemplate(spec, "Deployment"));
        errors.addAll(validateStrategy(spec.path("strategy")));
        long minReadySeconds = spec.path("minReadySeconds").asLong(0);
        errors.addAll(validateNonnegative(minReadySeconds, "spec.minReadySeconds"));
        if (spec.path("revisionHistoryLimit").isNumber()) {
            errors.addAll(validateNonnegative(spec.path("revisionHistoryLimit").asLong(), "spec.revisionHistoryLimit"));
        }
        if (spec.path("progressDeadlineSeconds").isNumber()) {
            long deadline = spec.path("progressDeadlineSeconds").asLong();
            errors.addAll(validateNonnegative(deadline, "spec.progressDeadlineSeconds"));
            if (deadline <= minReadySeconds) {
                errors.add(FieldError.invalid("spec.progressDeadlineSeconds", deadline,
                        "must be greater than minReadySeconds"));
            }
        }
        return errors;
    }

    /** Upstream {@code ValidateDeploymentStrategy}. */
    private static List<FieldError> validateStrategy(JsonNode strategy) {
        JsonNode rollingUpdate = strategy.path("rollingUpdate");
        switch (strategy.path("type").asString("")) {
            case "Recreate" -> {
                return rollingUpdate.isObject()
                        ? List.of(FieldError.forbidden("spec.strategy.rollingUpdate",
                                "may not be specified when strategy `type` is 'Recreate'"))
                        : List.of();
            }
            case "RollingUpdate" -> {
                return rollingUpdate.isObject() ? validateRollingUpdate(rollingUpdate)
                        : List.of(FieldError.required("spec.strategy.rollingUpdate",
                                "this should be defaulted and never be nil"));
            }
            default -> {
                return List.of(FieldError.notSupported("spec.strategy", GoSyntax.deploymentStrategy(strategy),
                        STRATEGY_TYPES));
            }
        }
    }

    /**
     * Upstream {@code ValidateRollingUpdateDeployment}: both bounds non-negative numbers or valid
     * percentages, not both 0, and maxUnavailable at most 100% (maxSurge may be more).
     */
    private static List<FieldError> validateRollingUpdate(JsonNode rollingUpdate) {
        String path = "spec.strategy.rollingUpdate.";
        JsonNode maxUnavailable = rollingUpdate.path("maxUnavailable");
        JsonNode maxSurge = rollingUpdate.path("maxSurge");
        List<FieldError> errors = new ArrayList<>();
        errors.addAll(validatePositiveIntOrPercent(maxUnavailable, path + "maxUnavailable"));
        errors.addAll(validatePositiveIntOrPercent(maxSurge, path + "maxSurge"));
        if (intOrPercentValue(maxUnavailable) == 0 && intOrPercentValue(maxSurge) == 0) {
            errors.add(FieldError.invalid(path + "maxUnavailable", GoSyntax.intOrString(maxUnavailable),
                    "may not be 0 when `maxSurge` is 0"));
        }
        Long percent = percentValue(maxUnavailable);
        if (percent != null && percent > 100) {
            errors.add(FieldError.invalid(path + "maxUnavailable", GoSyntax.intOrString(maxUnavailable),
                    "must not be greater than 100%"));
        }
        return errors;
    }

    /** Upstream {@code ValidatePositiveIntOrPercent}. */
    static List<FieldError> validatePositiveIntOrPercent(JsonNode value, String path) {
        if (value.isString()) {
            return Formats.percent(value.stringValue()).stream()
                    .map(problem -> FieldError.invalid(path, GoSyntax.intOrString(value), problem))
                    .toList();
        }
        return validateNonnegative(value.asLong(0), path);
    }

    /** Upstream {@code getIntOrPercentValue}: a percentage's number, a number, or Atoi of other text (0 when it fails). */
    static long intOrPercentValue(JsonNode value) {
        Long percent = percentValue(value);
        if (percent != null) {
            return percent;
        }
        if (value.isString()) {
            try {
                return Integer.parseInt(value.stringValue());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return value.asLong(0);
    }

    /** Upstream {@code getPercentValue}: the number of a valid percentage, else null. */
    static Long percentValue(JsonNode value) {
        if (!value.isString() || !Formats.percent(value.stringValue()).isEmpty()) {
            return null;
        }
        String digits = value.stringValue().substring(0, value.stringValue().length() - 1);
        return new BigInteger(digits).min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    }

    /** Upstream {@code ValidateDeploymentStatus}. */
    static List<FieldError> validateStatus(JsonNode status) {
        List<FieldError> errors = new ArrayList<>();
        errors.addAll(validateNonnegative(status.path("observedGeneration").asLong(0), "status.observedGeneration"));
        long replicas = status.path("replicas").asLong(0);
        long updated = status.path("updatedReplicas").asLong(0);
        long ready = status.path("readyReplicas").asLong(0);
        long available = status.path("availableReplicas").asLong(0);
        errors.addAll(validateNonnegative(replicas, "status.replicas"));
        errors.addAll(validateNonnegative(updated, "status.updatedReplicas"));
        errors.addAll(validateNonnegative(ready, "status.readyReplicas"));
        errors.addAll(validateNonnegative(available, "status.availableReplicas"));
        errors.addAll(validateNonnegative(status.path("unavailableReplicas").asLong(0), "status.unavailableReplicas"));
        if (status.path("collisionCount").isNumber()) {
            errors.addAll(validateNonnegative(status.path("collisionCount").asLong(), "status.collisionCount"));
        }
        String notAboveReplicas = "cannot be greater than status.replicas";
        if (updated > replicas) {
            errors.add(FieldError.invalid("status.updatedReplicas", updated, notAboveReplicas));
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

    /** Upstream {@code ValidateDeploymentStatusUpdate}: collisionCount never goes down. */
    static List<FieldError> validateStatusUpdate(JsonNode status, JsonNode oldStatus) {
        List<FieldError> errors = new ArrayList<>(validateStatus(status));
        errors.addAll(validateCollisionCountUpdate(status, oldStatus));
        return errors;
    }

    /** Upstream's {@code IsDecremented} check of a status' collisionCount, which Deployments and DaemonSets share. */
    static List<FieldError> validateCollisionCountUpdate(JsonNode status, JsonNode oldStatus) {
        JsonNode old = oldStatus.path("collisionCount");
        JsonNode current = status.path("collisionCount");
        if (old.isNumber() && (!current.isNumber() || current.asLong() < old.asLong())) {
            return List.of(FieldError.invalid("status.collisionCount", current.asLong(0), "cannot be decremented"));
        }
        return List.of();
    }
}
