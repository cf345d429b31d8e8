package dev.ordinal.registry.admissionregistration;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Formats;
import dev.ordinal.registry.cel.CelEnvironment;

import static dev.ordinal.machinery.JsonFields.text;

/**
 * Upstream's {@code validateMatchConditions}, shared by webhooks and ValidatingAdmissionPolicies: at
 * most 64 conditions, each with a qualified name unique in its list and an expression that compiles
 * to a bool.
 */
final class MatchConditionValidation {

    private static final int MAX_CONDITIONS = 64;

    private MatchConditionValidation() {
    }

    static List<FieldError> validate(JsonNode conditions, String path, CelEnvironment environment) {
        List<FieldError> errors = new ArrayList<>();
        if (conditions.size() > MAX_CONDITIONS) {
            errors.add(new FieldError(FieldError.Type.TOO_MANY, path, conditions.size(),
                    "must have at most " + MAX_CONDITIONS + " items"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < conditions.size(); i++) {
            JsonNode condition = conditions.get(i);
            String conditionPath = path + "[" + i + "]";
            // Upstream compiles the trimmed expression and shows it as the bad value.
            String expression = text(condition, "expression").trim();
            if (expression.isEmpty()) {
                errors.add(FieldError.required(conditionPath + ".expression", ""));
            } else {
                errors.addAll(CelExpressionValidation.validate(expression, conditionPath + ".expression", "bool",
                        environment));
            }
            String name = text(condition, "name");
            if (name.isEmpty()) {
                errors.add(FieldError.required(conditionPath + ".name", ""));
            } else {
                Formats.qualifiedName(name).forEach(problem ->
                        errors.add(FieldError.invalid(conditionPath + ".name", name, problem)));
                if (!names.add(name)) {
                    errors.add(FieldError.duplicate(conditionPath + ".name", name));
                }
            }
        }
        return errors;
    }
}
