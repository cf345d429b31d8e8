package dev.ordinal.registry.rbac;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.registry.core.GoLiteral;
import dev.ordinal.registry.rest.NameRule;

/**
 * Upstream's {@code pkg/apis/rbac/validation}: the rules of roles, the role reference and the
 * subjects of bindings, with its messages; and the v1 defaults of subjects and role references.
 */
final class RbacValidation {

    private RbacValidation() {
    }

    /** {@code ValidatePolicyRule}: verbs always; then either non-resource URLs or groups and resources. */
    static List<FieldError> rules(JsonNode rules, boolean namespaced) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            JsonNode rule = rules.get(i);
            String path = "rules[" + i + "]";
            if (rule.path("verbs").isEmpty()) {
                errors.add(FieldError.required(path + ".verbs", "verbs must contain at least one value"));
            }
            JsonNode urls = rule.path("nonResourceURLs");
            if (!urls.isEmpty()) {
                GoLiteral value = GoLiteral.strings(strings(urls));
                if (namespaced) {
                    errors.add(FieldError.invalid(path + ".nonResourceURLs", value,
                            "namespaced rules cannot apply to non-resource URLs"));
                }
                if (!rule.path("apiGroups").isEmpty() || !rule.path("resources").isEmpty()
                        || !rule.path("resourceNames").isEmpty()) {
                    errors.add(FieldError.invalid(path + ".nonResourceURLs", value,
                            "rules cannot apply to both regular resources and non-resource URLs"));
                }
                continue;
            }
            if (rule.path("apiGroups").isEmpty()) {
                errors.add(FieldError.required(path + ".apiGroups",
                        "resource rules must supply at least one api group"));
            }
            if (rule.path("resources").isEmpty()) {
                errors.add(FieldError.required(path + ".resources",
                        "resource rules must supply at least one resource"));
            }
        }
        return errors;
    }

    /** {@code ValidateRoleBinding} and {@code ValidateClusterRoleBinding}: the role reference and subjects. */
    static List<FieldError> binding(JsonNode binding, boolean namespaced) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode roleRef = binding.path("roleRef");
        String group = roleRef.path("apiGroup").asString("");
        if (!group.equals(RbacResources.GROUP)) {
            errors.add(FieldError.notSupported("roleRef.apiGroup", group, List.of(RbacResources.GROUP)));
        }
        String kind = roleRef.path("kind").asString("");
        List<String> kinds = namespaced ? List.of("Role", "ClusterRole") : List.of("ClusterRole");
        if (!kinds.contains(kind)) {
            errors.add(FieldError.notSupported("roleRef.kind", kind, kinds));
        }
        String name = roleRef.path("name").asString("");
        if (name.isEmpty()) {
            errors.add(FieldError.required("roleRef.name", ""));
        } else {
            NameRule.PATH_SEGMENT.check(name, false)
                    .forEach(problem -> errors.add(FieldError.invalid("roleRef.name", name, problem)));
        }
        JsonNode subjects = binding.path("subjects");
        for (int i = 0; i < subjects.size(); i++) {
            errors.addAll(subject(subjects.get(i), namespaced, "subjects[" + i + "]"));
        }
        return errors;
    }

    private static List<FieldError> subject(JsonNode subject, boolean namespaced, String path) {
        List<FieldError> errors = new ArrayList<>();
        String name = subject.path("name").asString("");
        String group = subject.path("apiGroup").asString("");
        if (name.isEmpty()) {
            errors.add(FieldError.required(path + ".name", ""));
        }
        String kind = subject.path("kind").asString("");
        switch (kind) {
            case "ServiceAccount" -> {
                if (!name.isEmpty()) {
                    NameRule.DNS1123_SUBDOMAIN.check(name, false)
                            .forEach(problem -> errors.add(FieldError.invalid(path + ".name", name, problem)));
                }
                if (!group.isEmpty()) {
                    errors.add(FieldError.notSupported(path + ".apiGroup", group, List.of("")));
                }
                if (!namespaced && subject.path("namespace").asString("").isEmpty()) {
                    errors.add(FieldError.required(path + ".namespace", ""));
                }
            }
            case "User", "Group" -> {
                if (!group.equals(RbacResources.GROUP)) {
                    errors.add(FieldError.notSupported(path + ".apiGroup", group, List.of(RbacResources.GROUP)));
                }
            }
            default -> errors.add(FieldError.notSupported(path + ".kind", kind,
                    List.of("ServiceAccount", "User", "Group")));
        }
        return errors;
    }

    /** {@code ValidateRoleBindingUpdate}: the role reference never changes. */
    static List<FieldError> roleRefUnchanged(JsonNode binding, JsonNode old) {
        JsonNode roleRef = binding.path("roleRef");
        if (roleRef.equals(old.path("roleRef"))) {
            return List.of();
        }
        // Go's %v of the RoleRef struct: {apiGroup kind name}.
        GoLiteral value = new GoLiteral("{" + roleRef.path("apiGroup").asString("") + " "
                + roleRef.path("kind").asString("") + " " + roleRef.path("name").asString("") + "}");
        return List.of(FieldError.invalid("roleRef", value, "cannot change roleRef"));
    }

    /** The v1 defaults: a role reference's group, and a subject's by its kind. */
    static void applyBindingDefaults(JsonNode binding) {
        if (binding.path("roleRef") instanceof ObjectNode roleRef && roleRef.path("apiGroup").asString("").isEmpty()) {
            roleRef.put("apiGroup", RbacResources.GROUP);
        }
        for (JsonNode node : binding.path("subjects")) {
            // A ServiceAccount's group is the core group, "", which is never written out.
            if (node instanceof ObjectNode subject && subject.path("apiGroup").asString("").isEmpty()
                    && List.of("User", "Group").contains(subject.path("kind").asString(""))) {
                subject.put("apiGroup", RbacResources.GROUP);
            }
        }
    }

    static List<String> strings(JsonNode values) {
        List<String> strings = new ArrayList<>();
        values.forEach(value -> strings.add(value.asString("")));
        return strings;
    }
}
