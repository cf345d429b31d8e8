package dev.ordinal.controller.clusterroleaggregation;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

import static org.assertj.core.api.Assertions.assertThat;

/** The aggregation controller's decision: the selected roles' rules, by name, each once. */
class AggregatedRulesTest {

    private static Unstructured role(String json) {
        return new Unstructured((ObjectNode) JsonMapper.shared().readTree(json.replace('\'', '"')));
    }

    private static final Unstructured VIEW = role("""
            {'metadata': {'name': 'view'},
             'aggregationRule': {'clusterRoleSelectors': [{'matchLabels': {'aggregate-to-view': 'true'}}]}}""");

    @Test
    void selectedRolesGiveTheirRulesByNameEachOnce() {
        Unstructured pods = role("""
                {'metadata': {'name': 'b-pods', 'labels': {'aggregate-to-view': 'true'}},
                 'rules': [{'apiGroups': [''], 'resources': ['pods'], 'verbs': ['get']}]}""");
        Unstructured widgets = role("""
                {'metadata': {'name': 'a-widgets', 'labels': {'aggregate-to-view': 'true'}},
                 'rules': [{'apiGroups': ['example.com'], 'resources': ['widgets'], 'verbs': ['get']},
                           {'apiGroups': [''], 'resources': ['pods'], 'verbs': ['get']}]}""");
        Unstructured unlabelled = role("""
                {'metadata': {'name': 'secrets'},
                 'rules': [{'apiGroups': [''], 'resources': ['secrets'], 'verbs': ['get']}]}""");

        assertThat(AggregatedRules.of(VIEW, List.of(pods, VIEW, unlabelled, widgets)))
                .extracting(rule -> rule.path("resources").get(0).asString())
                .containsExactly("widgets", "pods");
    }

    @Test
    void aRoleWithoutAnAggregationRuleIsLeftAlone() {
        assertThat(AggregatedRules.of(role("{'metadata': {'name': 'plain'}, 'rules': []}"), List.of(VIEW))).isNull();
    }
}
