package dev.ordinal.registry.admission;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.ResourceDefinition;

/**
 * Upstream's {@code matching.Matcher} for ValidatingAdmissionPolicy: namespaceSelector (on the
 * namespace's labels; cluster-scoped requests pass), objectSelector (on the new object's labels, or
 * the old one's on delete), excludeResourceRules, then resourceRules by group, version, resource
 * (with {@code resource/subresource} and wildcards), operation, scope and resourceNames. With
 * matchPolicy Equivalent (the default), a request no resource rule covers is tried again as each
 * other served version of its resource; the version that matched is the one the policy sees.
 */
final class RequestMatching {

    private RequestMatching() {
    }

    /** The request as the policy sees it, if {@code match} (a policy's or binding's criteria) covers it. */
    static Optional<AdmissionAttributes> match(JsonNode match, AdmissionAttributes attributes,
                                               Function<String, Map<String, String>> namespaceLabels,
                                               List<ResourceDefinition> versions) {
        if (!matchesSelectors(match, attributes, namespaceLabels)) {
            return Optional.empty();
        }
        if (matchesRules(match, attributes)) {
            return Optional.of(attributes);
        }
        if (match.path("matchPolicy").asString("Equivalent").equals("Exact")) {
            return Optional.empty();
        }
        return versions.stream().filter(version -> !version.equals(attributes.definition()))
                .map(attributes::inVersion).filter(equivalent -> matchesRules(match, equivalent)).findFirst();
    }

    private static boolean matchesSelectors(JsonNode match, AdmissionAttributes attributes,
                                            Function<String, Map<String, String>> namespaceLabels) {
        if (attributes.definition().namespaced() && attributes.namespace() != null && !attributes.namespace().isEmpty()
                && !ValidatingAdmissionPolicyPlugin.selector(match.path("namespaceSelector"))
                        .matches(namespaceLabels.apply(attributes.namespace()))) {
            return false;
        }
        Unstructured object = attributes.object() != null ? attributes.object() : attributes.oldObject();
        Map<String, String> labels = object == null ? Map.of() : object.labels();
        return ValidatingAdmissionPolicyPlugin.selector(match.path("objectSelector")).matches(labels);
    }

    private static boolean matchesRules(JsonNode match, AdmissionAttributes attributes) {
        for (JsonNode rule : match.path("excludeResourceRules")) {
            if (ruleMatches(rule, attributes)) {
                return false;
            }
        }
        for (JsonNode rule : match.path("resourceRules")) {
            if (ruleMatches(rule, attributes)) {
                return true;
            }
        }
        return false;
    }

    private static boolean ruleMatches(JsonNode rule, AdmissionAttributes attributes) {
        String scope = rule.path("scope").asString("*");
        boolean namespaced = attributes.definition().namespaced();
        if (scope.equals("Namespaced") && !namespaced || scope.equals("Cluster") && namespaced) {
            return false;
        }
        if (!contains(rule.path("apiGroups"), attributes.definition().group())
                || !contains(rule.path("apiVersions"), attributes.definition().version())
                || !contains(rule.path("operations"), attributes.operation().name())) {
            return false;
        }
        if (!resourceMatches(rule.path("resources"), attributes.definition().plural(), attributes.subresource())) {
            return false;
        }
        JsonNode names = rule.path("resourceNames");
        return names.isEmpty() || contains(names, attributes.name() == null ? "" : attributes.name());
    }

    private static boolean resourceMatches(JsonNode resources, String plural, String subresource) {
        for (JsonNode entry : resources) {
            String text = entry.asString("");
            String[] parts = text.split("/", 2);
            String sub = parts.length > 1 ? parts[1] : "";
            boolean resourceOk = parts[0].equals("*") || parts[0].equals(plural);
            boolean subOk = sub.equals("*") ? true : sub.equals(subresource);
            if (text.equals("*") && subresource.isEmpty() || resourceOk && subOk && !text.equals("*")) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(JsonNode values, String value) {
        for (JsonNode entry : values) {
            if (entry.asString("").equals("*") || entry.asString("").equals(value)) {
                return true;
            }
        }
        return false;
    }
}
