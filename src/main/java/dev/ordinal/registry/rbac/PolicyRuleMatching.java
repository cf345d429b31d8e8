package dev.ordinal.registry.rbac;

import java.util.List;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;

import dev.ordinal.registry.authorization.Attributes;

/**
 * Whether one PolicyRule allows a request, upstream's {@code RuleAllows} and the
 * {@code rbacv1helpers} matchers: {@code *} matches any verb, group, resource or path; a
 * resource rule names {@code resource/subresource} or {@code *}{@code /subresource}; an empty
 * resourceNames list matches every name; a non-resource URL ending in {@code *} matches every
 * path it is a prefix of.
 */
final class PolicyRuleMatching {

    static final String ALL = "*";

    private PolicyRuleMatching() {
    }

    static boolean allows(Attributes request, PolicyRule rule) {
        if (!matches(rule.getVerbs(), request.verb())) {
            return false;
        }
        if (!request.resourceRequest()) {
            return nonResourceUrlMatches(rule.getNonResourceURLs(), request.path());
        }
        String combined = request.subresource().isEmpty() ? request.resource()
                : request.resource() + "/" + request.subresource();
        return matches(rule.getApiGroups(), request.apiGroup())
                && resourceMatches(rule.getResources(), combined, request.subresource())
                && resourceNameMatches(rule.getResourceNames(), request.name());
    }

    private static boolean matches(List<String> values, String requested) {
        return values != null && (values.contains(ALL) || values.contains(requested));
    }

    private static boolean resourceMatches(List<String> resources, String combined, String subresource) {
        if (resources == null) {
            return false;
        }
        for (String resource : resources) {
            if (resource.equals(ALL) || resource.equals(combined)) {
                return true;
            }
            if (!subresource.isEmpty() && resource.equals("*/" + subresource)) {
                return true;
            }
        }
        return false;
    }

    private static boolean resourceNameMatches(List<String> names, String requested) {
        return names == null || names.isEmpty() || names.contains(requested);
    }

    static boolean nonResourceUrlMatches(List<String> urls, String requested) {
        if (urls == null) {
            return false;
        }
        for (String url : urls) {
            if (url.equals(ALL) || url.equals(requested)
                    || url.endsWith("*") && requested.startsWith(withoutTrailingStars(url))) {
                return true;
            }
        }
        return false;
    }

    /** Go's {@code strings.TrimRight(url, "*")}. */
    static String withoutTrailingStars(String url) {
        int end = url.length();
        while (end > 0 && url.charAt(end - 1) == '*') {
            end--;
        }
        return url.substring(0, end);
    }
}
