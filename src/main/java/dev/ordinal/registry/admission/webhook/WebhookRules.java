package dev.ordinal.registry.admission.webhook;

import java.util.List;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;

import dev.ordinal.registry.admission.AdmissionAttributes;

/**
 * Whether a webhook's rules cover a request, as upstream's {@code rules.Matcher}: operation,
 * group, version, resource with its subresource ({@code pods} is the pod itself, {@code pods/*}
 * the pod and every subresource of it, as upstream's wildcard also matches "no subresource";
 * {@code *} every resource but no subresource, {@code *}{@code /*} everything) and scope, with
 * {@code *} a wildcard in each.
 *
 * <p>matchPolicy Equivalent also matches a rule naming the same resource in another served version
 * or group (upstream's equivalent resources); this server serves each resource in one version
 * only, so Equivalent and Exact match the same requests.
 */
final class WebhookRules {

    private static final String NAMESPACES = "namespaces";

    private WebhookRules() {
    }

    static boolean matches(List<RuleWithOperations> rules, AdmissionAttributes attributes) {
        return rules.stream().anyMatch(rule -> matches(rule, attributes));
    }

    static boolean matches(RuleWithOperations rule, AdmissionAttributes attributes) {
        return scope(rule.getScope(), attributes)
                && covers(rule.getOperations(), attributes.operation().name())
                && covers(rule.getApiGroups(), attributes.definition().group())
                && covers(rule.getApiVersions(), attributes.definition().version())
                && resource(rule.getResources(), attributes.definition().plural(), attributes.subresource());
    }

    /** Namespaced: in a namespace and no namespace itself; Cluster: the others, namespaces among them. */
    private static boolean scope(String scope, AdmissionAttributes attributes) {
        boolean namespaceItself = isNamespaceRequest(attributes);
        return switch (scope == null ? "*" : scope) {
            case "*" -> true;
            case "Namespaced" -> !namespaceItself && !attributes.namespace().isEmpty();
            case "Cluster" -> namespaceItself || attributes.namespace().isEmpty();
            default -> false;
        };
    }

    private static boolean covers(List<String> values, String value) {
        return values != null && (values.contains("*") || values.contains(value));
    }

    private static boolean resource(List<String> resources, String resource, String subresource) {
        if (resources == null) {
            return false;
        }
        for (String item : resources) {
            int slash = item.indexOf('/');
            String itemResource = slash < 0 ? item : item.substring(0, slash);
            String itemSubresource = slash < 0 ? "" : item.substring(slash + 1);
            if ((itemResource.equals("*") || itemResource.equals(resource))
                    && (itemSubresource.equals("*") || itemSubresource.equals(subresource))) {
                return true;
            }
        }
        return false;
    }

    static boolean isNamespaceRequest(AdmissionAttributes attributes) {
        return attributes.definition().group().isEmpty() && attributes.definition().plural().equals(NAMESPACES);
    }
}
