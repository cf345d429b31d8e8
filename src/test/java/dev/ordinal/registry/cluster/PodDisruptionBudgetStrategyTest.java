package dev.ordinal.registry.cluster;

import static dev.ordinal.registry.core.RegistrySteps.tree;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.core.RegistrySteps;

class PodDisruptionBudgetStrategyTest {

    private final PodDisruptionBudgetStrategy strategy = new PodDisruptionBudgetStrategy();
    private final RegistrySteps steps = new RegistrySteps(new ClusterResources().podDisruptionBudgets());

    @Test
    void countsSpecChangesAndStartsWithZeroCounts() {
        Unstructured budget = steps.created("""
                {"metadata": {"name": "web"},
                 "spec": {"maxUnavailable": 1, "selector": {"matchLabels": {"app": "web"}}}}
                """);

        assertThat(strategy.tracksGeneration()).isTrue();
        assertThat(budget.json().get("status")).isEqualTo(tree("""
                {"disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0, "expectedPods": 0}
                """));
    }

    @Test
    void takesMinAvailableOrMaxUnavailable() {
        assertThat(steps.createErrors("""
                {"metadata": {"name": "web"}, "spec": {"minAvailable": "50%", "maxUnavailable": 1}}
                """)).containsExactly("spec: Invalid value: {\"minAvailable\":\"50%\",\"maxUnavailable\":1}: "
                + "minAvailable and maxUnavailable cannot be both set");
    }

    @Test
    void takesANonNegativeNumberOrAPercentageUpTo100() {
        assertThat(steps.createErrors("""
                {"metadata": {"name": "web"}, "spec": {"minAvailable": "150%"}}
                """)).containsExactly("spec.minAvailable: Invalid value: \"150%\": must not be greater than 100%");
        assertThat(steps.createErrors("""
                {"metadata": {"name": "web"}, "spec": {"maxUnavailable": -1}}
                """)).containsExactly("spec.maxUnavailable: Invalid value: -1: must be greater than or equal to 0");
        assertThat(steps.createErrors("""
                {"metadata": {"name": "web"}, "spec": {"maxUnavailable": "half"}}
                """)).containsExactly("spec.maxUnavailable: Invalid value: \"half\": a valid percent string must be a "
                + "numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is "
                + "'[0-9]+%')");
    }

    @Test
    void countsInTheStatusAreNotNegative() {
        Unstructured budget = steps.created("{\"metadata\": {\"name\": \"web\"}, \"spec\": {\"maxUnavailable\": 1}}");

        assertThat(steps.statusErrors(budget, """
                {"disruptionsAllowed": -1, "currentHealthy": 2, "desiredHealthy": 2, "expectedPods": 2}
                """)).containsExactly("status.disruptionsAllowed: Invalid value: -1: must be greater than or equal to 0");
    }
}
