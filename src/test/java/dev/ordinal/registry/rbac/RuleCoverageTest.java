package dev.ordinal.registry.rbac;

import java.util.List;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Upstream's Covers, CompactRules and CompactString, which escalation prevention reports with. */
class RuleCoverageTest {

    private static PolicyRule rule(List<String> verbs, List<String> groups, List<String> resources) {
        return new PolicyRuleBuilder().withVerbs(verbs).withApiGroups(groups).withResources(resources).build();
    }

    @Test
    void heldRulesCoverTheirParts() {
        List<PolicyRule> owned = List.of(rule(List.of("get", "list"), List.of(""), List.of("pods", "services")));
        assertThat(RuleCoverage.missing(owned, List.of(rule(List.of("get"), List.of(""), List.of("pods"))))).isEmpty();
        assertThat(RuleCoverage.missing(owned, List.of(rule(List.of("get", "delete"), List.of(""), List.of("pods")))))
                .extracting(RuleCoverage::compactString)
                .containsExactly("{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"delete\"]}");
    }

    @Test
    void starsAndStarSubresourcesCover() {
        List<PolicyRule> owned = List.of(rule(List.of("*"), List.of("apps"), List.of("*/scale")));
        assertThat(RuleCoverage.missing(owned, List.of(rule(List.of("update"), List.of("apps"),
                List.of("statefulsets/scale"))))).isEmpty();
        assertThat(RuleCoverage.missing(owned, List.of(rule(List.of("update"), List.of("apps"),
                List.of("statefulsets"))))).hasSize(1);
    }

    @Test
    void aRuleLimitedToNamesCoversOnlyThoseNames() {
        PolicyRule named = new PolicyRuleBuilder(rule(List.of("get"), List.of(""), List.of("secrets")))
                .withResourceNames("token").build();
        assertThat(RuleCoverage.missing(List.of(named), List.of(named))).isEmpty();
        assertThat(RuleCoverage.missing(List.of(named), List.of(rule(List.of("get"), List.of(""),
                List.of("secrets"))))).hasSize(1);
    }

    @Test
    void missingRulesAreReportedCompactedByResource() {
        List<PolicyRule> missing = RuleCoverage.missing(List.of(),
                List.of(rule(List.of("get", "list"), List.of(""), List.of("pods", "secrets")),
                        new PolicyRuleBuilder().withVerbs("get").withNonResourceURLs("/metrics").build()));
        assertThat(RuleCoverage.compact(missing)).extracting(RuleCoverage::compactString).containsExactly(
                "{NonResourceURLs:[\"/metrics\"], Verbs:[\"get\"]}",
                "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"get\" \"list\"]}",
                "{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\" \"list\"]}");
    }
}
