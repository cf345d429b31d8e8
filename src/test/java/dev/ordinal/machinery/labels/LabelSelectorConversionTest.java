package dev.ordinal.machinery.labels;

import static dev.ordinal.machinery.labels.UpstreamMessages.LABEL_VALUE;
import static dev.ordinal.machinery.labels.UpstreamMessages.NAME_PART;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import dev.ordinal.machinery.labels.InvalidSelectorException;
import dev.ordinal.machinery.labels.LabelOperator;
import dev.ordinal.machinery.labels.LabelRequirement;
import dev.ordinal.machinery.labels.LabelSelector;

class LabelSelectorConversionTest {

    private static io.fabric8.kubernetes.api.model.LabelSelector expressions(LabelSelectorRequirement... requirements) {
        return new LabelSelectorBuilder().withMatchExpressions(requirements).build();
    }

    private static LabelSelectorRequirement expression(String key, String operator, String... values) {
        return new LabelSelectorRequirement(key, operator, new ArrayList<>(Arrays.asList(values)));
    }

    @Test
    void nullSelectorMatchesNothing() {
        LabelSelector selector = LabelSelector.fromLabelSelector(null);

        assertThat(selector.matchesNothing()).isTrue();
        assertThat(selector.isEmpty()).isFalse();
        assertThat(selector.matches(Map.of())).isFalse();
        assertThat(selector.matches(Map.of("app", "web"))).isFalse();
        assertThat(selector.requirements()).isEmpty();
        assertThat(selector).hasToString("");
    }

    @Test
    void emptySelectorMatchesEverything() {
        io.fabric8.kubernetes.api.model.LabelSelector withNullLists =
                new io.fabric8.kubernetes.api.model.LabelSelector();
        withNullLists.setMatchLabels(null);
        withNullLists.setMatchExpressions(null);

        for (io.fabric8.kubernetes.api.model.LabelSelector empty : List.of(
                new io.fabric8.kubernetes.api.model.LabelSelector(), withNullLists)) {
            LabelSelector selector = LabelSelector.fromLabelSelector(empty);
            assertThat(selector.isEmpty()).isTrue();
            assertThat(selector.matchesNothing()).isFalse();
            assertThat(selector.matches(Map.of())).isTrue();
            assertThat(selector.matches(Map.of("app", "web"))).isTrue();
        }
    }

    @Test
    void matchLabelsBecomeEqualityRequirements() {
        Map<String, String> matchLabels = new LinkedHashMap<>();
        matchLabels.put("tier", "front");
        matchLabels.put("app", "web");
        LabelSelector selector = LabelSelector.fromLabelSelector(
                new LabelSelectorBuilder().withMatchLabels(matchLabels).build());

        assertThat(selector).hasToString("app=web,tier=front");
        assertThat(selector.requirements()).extracting(LabelRequirement::operator)
                .containsOnly(LabelOperator.EQUALS);
        assertThat(selector.matches(Map.of("app", "web", "tier", "front", "extra", "x"))).isTrue();
        assertThat(selector.matches(Map.of("app", "web"))).isFalse();
        assertThat(selector.matches(Map.of("app", "web", "tier", "back"))).isFalse();
    }

    @Test
    void matchExpressionsTakeEveryOperator() {
        LabelSelector selector = LabelSelector.fromLabelSelector(expressions(
                expression("env", "In", "prod", "staging"),
                expression("tier", "NotIn", "cache"),
                expression("app", "Exists"),
                expression("legacy", "DoesNotExist")));

        assertThat(selector).hasToString("app,env in (prod,staging),!legacy,tier notin (cache)");
        assertThat(selector.matches(Map.of("app", "a", "env", "prod"))).isTrue();
        assertThat(selector.matches(Map.of("app", "a", "env", "staging", "tier", "web"))).isTrue();
        assertThat(selector.matches(Map.of("env", "prod"))).isFalse();
        assertThat(selector.matches(Map.of("app", "a", "env", "dev"))).isFalse();
        assertThat(selector.matches(Map.of("app", "a", "env", "prod", "tier", "cache"))).isFalse();
        assertThat(selector.matches(Map.of("app", "a", "env", "prod", "legacy", ""))).isFalse();
    }

    @Test
    void combinesMatchLabelsAndExpressionsSortedByKey() {
        LabelSelector selector = LabelSelector.fromLabelSelector(new LabelSelectorBuilder()
                .withMatchLabels(Map.of("b", "1"))
                .withMatchExpressions(expression("a", "Exists"), expression("b", "NotIn", "2"))
                .build());

        assertThat(selector).hasToString("a,b=1,b notin (2)");
        assertThat(selector.matches(Map.of("a", "", "b", "1"))).isTrue();
    }

    @Test
    void keepsExpressionValuesAsGivenButPrintsThemSorted() {
        LabelSelector selector = LabelSelector.fromLabelSelector(expressions(expression("k", "In", "b", "a", "b")));

        assertThat(selector.requirements().get(0).values()).containsExactly("b", "a", "b");
        assertThat(selector).hasToString("k in (a,b,b)");
    }

    @Test
    void refusesOperatorsOutsideTheFour() {
        assertThatThrownBy(() -> LabelSelector.fromLabelSelector(expressions(expression("k", "Gt", "1"))))
                .isInstanceOf(InvalidSelectorException.class)
                .hasMessage("\"Gt\" is not a valid label selector operator");
        assertThatThrownBy(() -> LabelSelector.fromLabelSelector(expressions(expression("k", "in", "a"))))
                .hasMessage("\"in\" is not a valid label selector operator");
        assertThatThrownBy(() -> LabelSelector.fromLabelSelector(expressions(expression("k", null))))
                .hasMessage("\"\" is not a valid label selector operator");
    }

    @Test
    void refusesSetOperatorsWithoutValues() {
        LabelSelectorRequirement nullValues = new LabelSelectorRequirement("k", "NotIn", null);

        assertThatThrownBy(() -> LabelSelector.fromLabelSelector(expressions(expression("k", "In"))))
                .isInstanceOf(InvalidSelectorException.class)
                .hasMessage("values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty");
        assertThatThrownBy(() -> LabelSelector.fromLabelSelector(expressions(nullValues)))
                .hasMessage("values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty");
    }

    @Test
    void refusesExistenceOperatorsWithValues() {
        assertThatThrownBy(() -> LabelSelector.fromLabelSelector(expressions(expression("k", "Exists", "a"))))
                .isInstanceOf(InvalidSelectorException.class)
                .hasMessage("values: Invalid value: [\"a\"]: values set must be empty for exists and does not exist");
        assertThatThrownBy(() -> LabelSelector.fromLabelSelector(expressions(expression("k", "DoesNotExist", "<x>"))))
                .hasMessage("[values: Invalid value: [\"\\u003cx\\u003e\"]: values set must be empty for exists and "
                        + "does not exist, values[0][k]: Invalid value: \"<x>\": " + LABEL_VALUE + "]");
    }

    @Test
    void refusesInvalidKeysAndValuesWithoutTheParsePrefix() {
        assertThatThrownBy(() -> LabelSelector.fromLabelSelector(
                new LabelSelectorBuilder().withMatchLabels(Map.of("a_", "x")).build()))
                .isInstanceOf(InvalidSelectorException.class)
                .hasMessage("key: Invalid value: \"a_\": " + NAME_PART);
        assertThatThrownBy(() -> LabelSelector.fromLabelSelector(
                new LabelSelectorBuilder().withMatchLabels(Map.of("app", "-x")).build()))
                .hasMessage("values[0][app]: Invalid value: \"-x\": " + LABEL_VALUE);
        assertThatThrownBy(() -> LabelSelector.fromLabelSelector(expressions(expression("k", "In", "ok", "b_"))))
                .hasMessage("values[1][k]: Invalid value: \"b_\": " + LABEL_VALUE);
        assertThatThrownBy(() -> LabelSelector.fromLabelSelector(expressions(expression(null, "Exists"))))
                .hasMessage("key: Invalid value: \"\": name part must be non-empty; " + NAME_PART);
    }

    @Test
    void reportsTheFirstInvalidMatchLabelByKey() {
        Map<String, String> matchLabels = new LinkedHashMap<>();
        matchLabels.put("z_", "1");
        matchLabels.put("a_", "1");

        assertThatThrownBy(() -> LabelSelector.fromLabelSelector(
                new LabelSelectorBuilder().withMatchLabels(matchLabels).build()))
                .hasMessage("key: Invalid value: \"a_\": " + NAME_PART);
    }

    @Test
    void emptyMatchLabelValueIsTheEmptyLabel() {
        Map<String, String> matchLabels = new LinkedHashMap<>();
        matchLabels.put("role", null);
        LabelSelector selector = LabelSelector.fromLabelSelector(
                new LabelSelectorBuilder().withMatchLabels(matchLabels).build());

        assertThat(selector).hasToString("role=");
        assertThat(selector.matches(Map.of("role", ""))).isTrue();
        assertThat(selector.matches(Map.of())).isFalse();
    }
}
