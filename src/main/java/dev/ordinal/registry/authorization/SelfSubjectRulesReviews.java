package dev.ordinal.registry.authorization;

import java.util.List;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.Creater;
import dev.ordinal.security.UserInfo;

/**
 * SelfSubjectRulesReview (upstream {@code pkg/registry/authorization/selfsubjectrulesreview}):
 * every rule the requester holds in {@code spec.namespace}, split into resource and non-resource
 * rules, as {@code kubectl auth can-i --list} shows them; nothing is stored.
 */
final class SelfSubjectRulesReviews implements Creater {

    private final Supplier<Authorizer> authorizer;

    SelfSubjectRulesReviews(Supplier<Authorizer> authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public Unstructured create(String namespace, Unstructured review, UserInfo requester) {
        String reviewed = review.json().path("spec").path("namespace").asString("");
        if (reviewed.isEmpty()) {
            throw StatusError.badRequest("no namespace on request");
        }
        UserRules rules = authorizer.get().rulesFor(requester, reviewed);
        ObjectNode status = review.json().putObject("status");
        ArrayNode resourceRules = status.putArray("resourceRules");
        ArrayNode nonResourceRules = status.putArray("nonResourceRules");
        for (PolicyRule rule : rules.rules()) {
            if (!list(rule.getResources()).isEmpty()) {
                ObjectNode resourceRule = resourceRules.addObject();
                strings(resourceRule.putArray("verbs"), rule.getVerbs());
                optional(resourceRule, "apiGroups", rule.getApiGroups());
                optional(resourceRule, "resources", rule.getResources());
                optional(resourceRule, "resourceNames", rule.getResourceNames());
            }
            if (!list(rule.getNonResourceURLs()).isEmpty()) {
                ObjectNode nonResourceRule = nonResourceRules.addObject();
                strings(nonResourceRule.putArray("verbs"), rule.getVerbs());
                optional(nonResourceRule, "nonResourceURLs", rule.getNonResourceURLs());
            }
        }
        status.put("incomplete", false);
        if (!rules.errors().isEmpty()) {
            status.put("evaluationError", rules.evaluationError());
        }
        return review;
    }

    private static void optional(ObjectNode rule, String field, List<String> values) {
        if (!list(values).isEmpty()) {
            strings(rule.putArray(field), values);
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        list(values).forEach(array::add);
    }

    private static List<String> list(List<String> values) {
        return values == null ? List.of() : values;
    }
}
