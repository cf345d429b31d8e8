package dev.ordinal.registry.rbac;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;

import dev.ordinal.machinery.go.GoText;

import static dev.ordinal.registry.rbac.PolicyRuleMatching.ALL;

/**
 * Whether the rules a user holds cover the rules they try to grant, upstream's {@code Covers} of
 * {@code pkg/registry/rbac/validation/policy_comparator.go}: each requested rule is broken down
 * into rules of one verb, one group, one resource (or URL) and one name, and each of those must
 * be covered by some held rule. What is missing is reported compacted and formatted as upstream's
 * {@code CompactRules} and {@code CompactString} do.
 */
final class RuleCoverage {

    private RuleCoverage() {
    }

    /** The broken-down requested rules no owner rule covers; empty when the owner holds them all. */
    static List<PolicyRule> missing(List<PolicyRule> owned, List<PolicyRule> requested) {
        List<PolicyRule> subrules = new ArrayList<>();
        requested.forEach(rule -> subrules.addAll(breakDown(rule)));
        List<PolicyRule> missing = new ArrayList<>();
        for (PolicyRule subrule : subrules) {
            if (owned.stream().noneMatch(owner -> covers(owner, subrule))) {
                missing.add(subrule);
            }
        }
        return missing;
    }

    private static List<PolicyRule> breakDown(PolicyRule rule) {
        List<PolicyRule> rules = new ArrayList<>();
        for (String group : list(rule.getApiGroups())) {
            for (String resource : list(rule.getResources())) {
                for (String verb : list(rule.getVerbs())) {
                    if (list(rule.getResourceNames()).isEmpty()) {
                        rules.add(resourceRule(group, resource, verb, List.of()));
                    }
                    for (String name : list(rule.getResourceNames())) {
                        rules.add(resourceRule(group, resource, verb, List.of(name)));
                    }
                }
            }
        }
        for (String url : list(rule.getNonResourceURLs())) {
            for (String verb : list(rule.getVerbs())) {
                rules.add(new PolicyRuleBuilder().withNonResourceURLs(url).withVerbs(verb).build());
            }
        }
        return rules;
    }

    private static PolicyRule resourceRule(String group, String resource, String verb, List<String> names) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withVerbs(verb)
                .withResourceNames(names.isEmpty() ? null : names).build();
    }

    private static boolean covers(PolicyRule owner, PolicyRule subrule) {
        boolean verbs = hasAllOrStar(list(owner.getVerbs()), list(subrule.getVerbs()));
        boolean groups = hasAllOrStar(list(owner.getApiGroups()), list(subrule.getApiGroups()));
        boolean resources = resourcesCover(list(owner.getResources()), list(subrule.getResources()));
        boolean urls = list(subrule.getNonResourceURLs()).stream()
                .allMatch(url -> list(owner.getNonResourceURLs()).stream().anyMatch(o -> urlCovers(o, url)));
        List<String> ownerNames = list(owner.getResourceNames());
        boolean names = ownerNames.isEmpty() || !list(subrule.getResourceNames()).isEmpty()
                && ownerNames.containsAll(list(subrule.getResourceNames()));
        return verbs && groups && resources && names && urls;
    }

    private static boolean hasAllOrStar(List<String> owned, List<String> requested) {
        return owned.contains(ALL) || owned.containsAll(requested);
    }

    /** A {@code *}{@code /subresource} rule covers that subresource of every resource. */
    private static boolean resourcesCover(List<String> owned, List<String> requested) {
        if (hasAllOrStar(owned, requested)) {
            return true;
        }
        for (String resource : requested) {
            if (owned.contains(resource)) {
                continue;
            }
            int slash = resource.indexOf('/');
            if (slash < 0 || !owned.contains("*" + resource.substring(slash))) {
                return false;
            }
        }
        return true;
    }

    private static boolean urlCovers(String owned, String requested) {
        return owned.equals(requested)
                || owned.endsWith("*") && requested.startsWith(PolicyRuleMatching.withoutTrailingStars(owned));
    }

    /**
     * Upstream's {@code CompactRules}: simple rules (one group, one resource, at most one name)
     * that differ only in their verbs become one rule.
     */
    static List<PolicyRule> compact(List<PolicyRule> rules) {
        List<PolicyRule> compacted = new ArrayList<>();
        Map<List<String>, PolicyRule> simple = new LinkedHashMap<>();
        for (PolicyRule rule : rules) {
            List<String> names = list(rule.getResourceNames());
            boolean isSimple = names.size() <= 1 && list(rule.getNonResourceURLs()).isEmpty()
                    && list(rule.getApiGroups()).size() == 1 && list(rule.getResources()).size() == 1;
            if (!isSimple) {
                compacted.add(rule);
                continue;
            }
            List<String> key = List.of(rule.getApiGroups().get(0), rule.getResources().get(0),
                    names.isEmpty() ? "" : "name:" + names.get(0));
            PolicyRule existing = simple.get(key);
            if (existing == null) {
                simple.put(key, new PolicyRuleBuilder(rule).withVerbs(new ArrayList<>(list(rule.getVerbs()))).build());
            } else {
                existing.getVerbs().addAll(list(rule.getVerbs()));
            }
        }
        compacted.addAll(simple.values());
        return compacted;
    }

    /** Upstream's {@code CompactString}: {@code {APIGroups:[""], Resources:["pods"], Verbs:["get"]}}. */
    static String compactString(PolicyRule rule) {
        List<String> parts = new ArrayList<>();
        part(parts, "APIGroups", rule.getApiGroups());
        part(parts, "Resources", rule.getResources());
        part(parts, "NonResourceURLs", rule.getNonResourceURLs());
        part(parts, "ResourceNames", rule.getResourceNames());
        part(parts, "Verbs", rule.getVerbs());
        return "{" + String.join(", ", parts) + "}";
    }

    private static void part(List<String> parts, String name, List<String> values) {
        if (!list(values).isEmpty()) {
            parts.add(name + ":" + quoted(values));
        }
    }

    /** Go's {@code %q} of a string slice: {@code ["a" "b"]}. */
    static String quoted(List<String> values) {
        return values.stream().map(GoText::quote).collect(Collectors.joining(" ", "[", "]"));
    }

    private static List<String> list(List<String> values) {
        return values == null ? List.of() : values;
    }
}
