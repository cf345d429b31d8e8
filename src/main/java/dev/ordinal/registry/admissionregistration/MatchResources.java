package dev.ordinal.registry.admissionregistration;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;

import static dev.ordinal.machinery.JsonFields.defaultText;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * The {@code MatchResources} of a policy's {@code matchConstraints} and a binding's
 * {@code matchResources}: matchPolicy Equivalent, empty selectors and scope {@code *} by default,
 * as upstream's {@code SetDefaults_MatchResources}.
 */
final class MatchResources {

    private static final List<String> MATCH_POLICIES = List.of("Equivalent", "Exact");
    private static final List<String> OPERATIONS = List.of("*", "CONNECT", "CREATE", "DELETE", "UPDATE");

    private MatchResources() {
    }

    static void applyDefaults(ObjectNode match) {
        defaultText(match, "matchPolicy", "Equivalent");
        if (!match.has("namespaceSelector")) {
            match.putObject("namespaceSelector");
        }
        if (!match.has("objectSelector")) {
            match.putObject("objectSelector");
        }
        for (String rules : List.of("resourceRules", "excludeResourceRules")) {
            match.path(rules).forEach(rule -> defaultText((ObjectNode) rule, "scope", "*"));
        }
    }

    static List<FieldError> validate(JsonNode match, String path, boolean resourceRulesRequired) {
        List<FieldError> errors = new ArrayList<>();
        if (resourceRulesRequired && match.path("resourceRules").isEmpty()) {
            errors.add(FieldError.required(path + ".resourceRules", ""));
        }
        String matchPolicy = text(match, "matchPolicy");
        if (!matchPolicy.isEmpty() && !MATCH_POLICIES.contains(matchPolicy)) {
            errors.add(FieldError.notSupported(path + ".matchPolicy", matchPolicy, MATCH_POLICIES));
        }
        for (String rules : List.of("resourceRules", "excludeResourceRules")) {
            for (int i = 0; i < match.path(rules).size(); i++) {
                JsonNode rule = match.path(rules).get(i);
                String at = path + "." + rules + "[" + i + "]";
                for (String field : List.of("apiGroups", "apiVersions", "resources")) {
                    if (rule.path(field).isEmpty()) {
                        errors.add(FieldError.required(at + "." + field, ""));
                    }
                }
                for (int j = 0; j < rule.path("operations").size(); j++) {
                    String operation = rule.path("operations").get(j).asString("");
                    if (!OPERATIONS.contains(operation)) {
                        errors.add(FieldError.notSupported(at + ".operations[" + j + "]", operation, OPERATIONS));
                    }
                }
            }
        }
        return errors;
    }
}
