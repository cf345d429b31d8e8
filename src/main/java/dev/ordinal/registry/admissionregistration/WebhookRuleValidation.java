package dev.ordinal.registry.admissionregistration;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.go.GoText;
import dev.ordinal.registry.core.GoLiteral;

import static dev.ordinal.machinery.JsonFields.isNull;
import static dev.ordinal.machinery.JsonFields.strings;

/**
 * Upstream's {@code validateRuleWithOperations} and {@code validateRule} with subresources allowed:
 * operations, API groups, versions and resources each required, {@code *} only alone, and the
 * resource wildcards ({@code *}, {@code x/*}, {@code *}{@code /x}, {@code *}{@code /*}) not
 * overlapping.
 */
final class WebhookRuleValidation {

    private static final List<String> OPERATIONS = List.of("*", "CONNECT", "CREATE", "DELETE", "UPDATE");
    private static final List<String> SCOPES = List.of("*", "Cluster", "Namespaced");

    private WebhookRuleValidation() {
    }

    static List<FieldError> validate(JsonNode rule, String path) {
        List<FieldError> errors = new ArrayList<>();
        List<String> operations = strings(rule, "operations");
        if (operations.isEmpty()) {
            errors.add(FieldError.required(path + ".operations", ""));
        }
        if (operations.size() > 1 && operations.contains("*")) {
            errors.add(FieldError.invalid(path + ".operations", typed("admissionregistration.OperationType", operations),
                    "if '*' is present, must not specify other operations"));
        }
        for (int i = 0; i < operations.size(); i++) {
            if (!OPERATIONS.contains(operations.get(i))) {
                errors.add(FieldError.notSupported(path + ".operations[" + i + "]", operations.get(i), OPERATIONS));
            }
        }
        List<String> groups = strings(rule, "apiGroups");
        if (groups.isEmpty()) {
            errors.add(FieldError.required(path + ".apiGroups", ""));
        }
        if (groups.size() > 1 && groups.contains("*")) {
            errors.add(FieldError.invalid(path + ".apiGroups", GoLiteral.strings(groups),
                    "if '*' is present, must not specify other API groups"));
        }
        List<String> versions = strings(rule, "apiVersions");
        if (versions.isEmpty()) {
            errors.add(FieldError.required(path + ".apiVersions", ""));
        }
        if (versions.size() > 1 && versions.contains("*")) {
            errors.add(FieldError.invalid(path + ".apiVersions", GoLiteral.strings(versions),
                    "if '*' is present, must not specify other API versions"));
        }
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).isEmpty()) {
                errors.add(FieldError.required(path + ".apiVersions[" + i + "]", ""));
            }
        }
        errors.addAll(validateResources(strings(rule, "resources"), path + ".resources"));
        if (!isNull(rule, "scope") && !SCOPES.contains(rule.path("scope").asString(""))) {
            errors.add(FieldError.notSupported(path + ".scope", rule.path("scope").asString(""), SCOPES));
        }
        return errors;
    }

    /** Upstream {@code validateResources}. */
    private static List<FieldError> validateResources(List<String> resources, String path) {
        List<FieldError> errors = new ArrayList<>();
        if (resources.isEmpty()) {
            errors.add(FieldError.required(path, ""));
        }
        Set<String> withWildcardSubresources = new HashSet<>();
        Set<String> subresourcesOfWildcard = new HashSet<>();
        boolean doubleWildcard = false;
        boolean singleWildcard = false;
        boolean withoutSubresource = false;
        for (int i = 0; i < resources.size(); i++) {
            String item = resources.get(i);
            String itemPath = path + "[" + i + "]";
            if (item.isEmpty()) {
                errors.add(FieldError.required(itemPath, ""));
                continue;
            }
            doubleWildcard |= item.equals("*/*");
            singleWildcard |= item.equals("*");
            int slash = item.indexOf('/');
            if (slash < 0) {
                // As upstream, the last resource without a subresource decides.
                withoutSubresource = !item.equals("*");
                continue;
            }
            String resource = item.substring(0, slash);
            String subresource = item.substring(slash + 1);
            if (withWildcardSubresources.contains(resource)) {
                errors.add(FieldError.invalid(itemPath, item, "if '" + resource + "/*' is present, must not specify "
                        + item));
            }
            if (subresourcesOfWildcard.contains(subresource)) {
                errors.add(FieldError.invalid(itemPath, item, "if '*/" + subresource + "' is present, must not specify "
                        + item));
            }
            if (subresource.equals("*")) {
                withWildcardSubresources.add(resource);
            }
            if (resource.equals("*")) {
                subresourcesOfWildcard.add(subresource);
            }
        }
        if (resources.size() > 1 && doubleWildcard) {
            errors.add(FieldError.invalid(path, GoLiteral.strings(resources),
                    "if '*/*' is present, must not specify other resources"));
        }
        if (singleWildcard && withoutSubresource) {
            errors.add(FieldError.invalid(path, GoLiteral.strings(resources),
                    "if '*' is present, must not specify other resources without subresources"));
        }
        return errors;
    }

    /** Go's {@code %#v} of a slice of a named string type. */
    private static GoLiteral typed(String type, List<String> values) {
        return new GoLiteral(values.stream().map(GoText::quote).collect(Collectors.joining(", ", "[]" + type + "{", "}")));
    }
}
