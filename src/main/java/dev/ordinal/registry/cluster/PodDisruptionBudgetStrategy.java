package dev.ordinal.registry.cluster;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Formats;
import dev.ordinal.machinery.MetaValidation;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.Strategy;

import static dev.ordinal.machinery.JsonFields.objects;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * PodDisruptionBudgets (upstream {@code pkg/registry/policy/poddisruptionbudget}): a generation
 * that counts spec changes, an empty status on create, and {@code ValidatePodDisruptionBudgetSpec}:
 * minAvailable or maxUnavailable, each a non-negative number or a percentage up to 100%.
 */
final class PodDisruptionBudgetStrategy implements Strategy {

    private static final List<String> EVICTION_POLICIES = List.of("AlwaysAllow", "IfHealthyBudget");
    private static final List<String> COUNTS = List.of("disruptionsAllowed", "currentHealthy", "desiredHealthy",
            "expectedPods");
    private static final List<String> SELECTOR_OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist");

    @Override
    public boolean tracksGeneration() {
        return true;
    }

    /** The status counts Go writes even when zero. */
    @Override
    public void prepareForCreate(Unstructured budget) {
        ObjectNode status = budget.json().putObject("status");
        COUNTS.forEach(count -> status.put(count, 0));
    }

    @Override
    public List<FieldError> validate(Unstructured budget) {
        JsonNode spec = budget.json().path("spec");
        List<FieldError> errors = new ArrayList<>();
        if (isSet(spec, "minAvailable") && isSet(spec, "maxUnavailable")) {
            errors.add(FieldError.invalid("spec", spec, "minAvailable and maxUnavailable cannot be both set"));
        }
        for (String field : List.of("minAvailable", "maxUnavailable")) {
            if (isSet(spec, field)) {
                errors.addAll(intOrPercent(spec.get(field), "spec." + field));
            }
        }
        errors.addAll(selector(spec.path("selector"), "spec.selector"));
        String policy = text(spec, "unhealthyPodEvictionPolicy");
        if (isSet(spec, "unhealthyPodEvictionPolicy") && !EVICTION_POLICIES.contains(policy)) {
            errors.add(FieldError.notSupported("spec.unhealthyPodEvictionPolicy", policy, EVICTION_POLICIES));
        }
        return errors;
    }

    @Override
    public List<FieldError> validateStatusUpdate(Unstructured budget, Unstructured old) {
        JsonNode status = budget.json().path("status");
        List<FieldError> errors = new ArrayList<>();
        for (String count : COUNTS) {
            long value = status.path(count).asLong(0);
            if (value < 0) {
                errors.add(FieldError.invalid("status." + count, value, "must be greater than or equal to 0"));
            }
        }
        return errors;
    }

    /** Upstream {@code ValidatePositiveIntOrPercent} and {@code IsNotMoreThan100Percent}. */
    private static List<FieldError> intOrPercent(JsonNode value, String path) {
        if (value.isString()) {
            String percent = value.stringValue();
            List<String> problems = Formats.percent(percent);
            if (!problems.isEmpty()) {
                return problems.stream().map(problem -> FieldError.invalid(path, percent, problem)).toList();
            }
            return new BigInteger(percent.substring(0, percent.length() - 1)).compareTo(BigInteger.valueOf(100)) > 0
                    ? List.of(FieldError.invalid(path, percent, "must not be greater than 100%")) : List.of();
        }
        if (!value.isIntegralNumber()) {
            return List.of(FieldError.invalid(path, value, "must be an integer or percentage (e.g '5%')"));
        }
        return value.asLong() < 0
                ? List.of(FieldError.invalid(path, value.asLong(), "must be greater than or equal to 0")) : List.of();
    }

    /** Upstream {@code ValidateLabelSelector}: valid match labels and well-formed expressions. */
    private static List<FieldError> selector(JsonNode selector, String path) {
        List<FieldError> errors =
                new ArrayList<>(MetaValidation.validateLabels(selector.path("matchLabels"), path + ".matchLabels"));
        List<ObjectNode> expressions = objects(selector, "matchExpressions");
        for (int i = 0; i < expressions.size(); i++) {
            ObjectNode expression = expressions.get(i);
            String expressionPath = path + ".matchExpressions[" + i + "]";
            String operator = text(expression, "operator");
            boolean hasValues = !expression.path("values").isEmpty();
            switch (operator) {
                case "In", "NotIn" -> {
                    if (!hasValues) {
                        errors.add(FieldError.required(expressionPath + ".values",
                                "must be specified when `operator` is 'In' or 'NotIn'"));
                    }
                }
                case "Exists", "DoesNotExist" -> {
                    if (hasValues) {
                        errors.add(FieldError.forbidden(expressionPath + ".values",
                                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    }
                }
                default -> errors.add(FieldError.notSupported(expressionPath + ".operator", operator, SELECTOR_OPERATORS));
            }
            String key = text(expression, "key");
            Formats.qualifiedName(key).forEach(problem ->
                    errors.add(FieldError.invalid(expressionPath + ".key", key, problem)));
        }
        return errors;
    }

    private static boolean isSet(JsonNode spec, String field) {
        return spec.has(field) && !spec.get(field).isNull();
    }
}
