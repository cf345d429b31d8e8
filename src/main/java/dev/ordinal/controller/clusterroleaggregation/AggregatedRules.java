package dev.ordinal.controller.clusterroleaggregation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.labels.LabelSelector;

/**
 * The decision of upstream's {@code clusterroleaggregation} controller: the rules of an
 * aggregated ClusterRole are those of every other ClusterRole one of its
 * {@code aggregationRule.clusterRoleSelectors} selects, selector by selector, roles by name, each
 * rule once.
 */
final class AggregatedRules {

    private AggregatedRules() {
    }

    /** The rules {@code role} should have, or null when it has no aggregation rule. */
    static List<JsonNode> of(Unstructured role, List<Unstructured> clusterRoles) {
        JsonNode selectors = role.json().path("aggregationRule").path("clusterRoleSelectors");
        if (!role.json().path("aggregationRule").isObject()) {
            return null;
        }
        List<Unstructured> byName = clusterRoles.stream().sorted(Comparator.comparing(Unstructured::name)).toList();
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode selector : selectors) {
            LabelSelector matching = LabelSelector.fromLabelSelector(JsonMapper.shared().treeToValue(selector,
                    io.fabric8.kubernetes.api.model.LabelSelector.class));
            for (Unstructured other : byName) {
                if (other.name().equals(role.name()) || !matching.matches(other.labels())) {
                    continue;
                }
                for (JsonNode rule : other.json().path("rules")) {
                    if (!rules.contains(rule)) {
                        rules.add(rule);
                    }
                }
            }
        }
        return rules;
    }
}
