package dev.ordinal.registry.admissionregistration;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.cel.AdmissionPolicyEnvironment;
import dev.ordinal.registry.rest.Strategy;

import static dev.ordinal.machinery.JsonFields.defaultText;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * ValidatingAdmissionPolicies (upstream {@code pkg/registry/admissionregistration/validatingadmissionpolicy}
 * and {@code pkg/apis/admissionregistration/validation}): failurePolicy Fail and matchPolicy
 * Equivalent by default, match constraints required, every expression compiled and of the type
 * its place needs; generation counts spec changes and status is written through its subresource.
 */
final class ValidatingAdmissionPolicyStrategy implements Strategy {

    private static final List<String> REASONS = List.of("Forbidden", "Invalid", "RequestEntityTooLarge");
    private static final List<String> FAILURE_POLICIES = List.of("Fail", "Ignore");

    @Override
    public void applyDefaults(Unstructured policy) {
        ObjectNode spec = policy.json().withObjectProperty("spec");
        defaultText(spec, "failurePolicy", "Fail");
        if (spec.get("matchConstraints") instanceof ObjectNode match) {
            MatchResources.applyDefaults(match);
        }
    }

    @Override
    public boolean tracksGeneration() {
        return true;
    }

    @Override
    public List<FieldError> validate(Unstructured policy) {
        JsonNode spec = policy.json().path("spec");
        List<FieldError> errors = new ArrayList<>();
        String failurePolicy = text(spec, "failurePolicy");
        if (!FAILURE_POLICIES.contains(failurePolicy)) {
            errors.add(FieldError.notSupported("spec.failurePolicy", failurePolicy, FAILURE_POLICIES));
        }
        JsonNode match = spec.path("matchConstraints");
        if (!match.isObject()) {
            errors.add(FieldError.required("spec.matchConstraints", ""));
        } else {
            errors.addAll(MatchResources.validate(match, "spec.matchConstraints", true));
        }
        JsonNode validations = spec.path("validations");
        JsonNode audits = spec.path("auditAnnotations");
        if (validations.isEmpty() && audits.isEmpty()) {
            String detail = "validations or auditAnnotations must contain at least one item";
            errors.add(FieldError.required("spec.validations", detail));
            errors.add(FieldError.required("spec.auditAnnotations", detail));
        }
        Set<String> variableNames = new HashSet<>();
        for (int i = 0; i < spec.path("variables").size(); i++) {
            JsonNode variable = spec.path("variables").get(i);
            String path = "spec.variables[" + i + "]";
            String name = text(variable, "name");
            if (name.isEmpty()) {
                errors.add(FieldError.required(path + ".name", "name is not specified"));
            } else if (!name.matches("[_a-zA-Z][_a-zA-Z0-9]*")) {
                errors.add(FieldError.invalid(path + ".name", name, "name is not a valid CEL identifier"));
            } else if (!variableNames.add(name)) {
                errors.add(FieldError.duplicate(path + ".name", name));
            }
            errors.addAll(expression(variable, "expression", path, null));
        }
        for (int i = 0; i < validations.size(); i++) {
            JsonNode validation = validations.get(i);
            String path = "spec.validations[" + i + "]";
            errors.addAll(expression(validation, "expression", path, "bool"));
            if (!text(validation, "messageExpression").isEmpty()) {
                errors.addAll(expression(validation, "messageExpression", path, "string"));
            }
            String reason = text(validation, "reason");
            if (!reason.isEmpty() && !REASONS.contains(reason)) {
                errors.add(FieldError.notSupported(path + ".reason", reason, REASONS));
            }
        }
        for (int i = 0; i < audits.size(); i++) {
            errors.addAll(expression(audits.get(i), "valueExpression", "spec.auditAnnotations[" + i + "]", null));
        }
        errors.addAll(MatchConditionValidation.validate(spec.path("matchConditions"), "spec.matchConditions",
                AdmissionPolicyEnvironment.environment()));
        return errors;
    }

    /** Upstream's {@code validateValidatingAdmissionPolicyExpression}: present, compiles, and of the expected type. */
    private static List<FieldError> expression(JsonNode holder, String field, String path, String expectedType) {
        String expression = text(holder, field);
        String at = path + "." + field;
        if (expression.isBlank()) {
            return List.of(FieldError.required(at, field + " is not specified"));
        }
        return CelExpressionValidation.validate(expression, at, expectedType, AdmissionPolicyEnvironment.environment());
    }
}
