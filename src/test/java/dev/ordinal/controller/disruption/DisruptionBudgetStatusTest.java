package dev.ordinal.controller.disruption;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

import static org.assertj.core.api.Assertions.assertThat;

class DisruptionBudgetStatusTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");

    @Test
    void anIntegerMinAvailableExpectsTheSelectedPods() {
        JsonNode status = DisruptionBudgetStatus.of(budget("\"minAvailable\":2", ""),
                List.of(pod("a", true), pod("b", true), pod("c", true)), OptionalInt.empty(), NOW).status();

        assertThat(status.path("expectedPods").asInt()).isEqualTo(3);
        assertThat(status.path("desiredHealthy").asInt()).isEqualTo(2);
        assertThat(status.path("currentHealthy").asInt()).isEqualTo(3);
        assertThat(status.path("disruptionsAllowed").asInt()).isEqualTo(1);
        assertThat(status.path("observedGeneration").asLong()).isEqualTo(4);
        JsonNode condition = status.path("conditions").get(0);
        assertThat(condition.path("type").asString()).isEqualTo("DisruptionAllowed");
        assertThat(condition.path("status").asString()).isEqualTo("True");
        assertThat(condition.path("reason").asString()).isEqualTo("SufficientPods");
    }

    @Test
    void aMaxUnavailableCountsTheControllersScaleAndUnreadyPodsAreNotHealthy() {
        JsonNode status = DisruptionBudgetStatus.of(budget("\"maxUnavailable\":\"34%\"", ""),
                List.of(pod("a", true), pod("b", false)), OptionalInt.of(3), NOW).status();

        // 34% of 3 rounds up to 2 unavailable: 1 desired.
        assertThat(status.path("expectedPods").asInt()).isEqualTo(3);
        assertThat(status.path("desiredHealthy").asInt()).isEqualTo(1);
        assertThat(status.path("currentHealthy").asInt()).isEqualTo(1);
        assertThat(status.path("disruptionsAllowed").asInt()).isZero();
        assertThat(status.path("conditions").get(0).path("reason").asString()).isEqualTo("InsufficientPods");
    }

    @Test
    void aDisruptedPodIsNotHealthyUntilItsDeletionTimesOut() {
        String noted = "\"disruptedPods\":{\"a\":\"2026-01-01T00:09:00Z\"}";
        DisruptionBudgetStatus within = DisruptionBudgetStatus.of(budget("\"minAvailable\":1", noted),
                List.of(pod("a", true), pod("b", true)), OptionalInt.empty(), NOW);
        assertThat(within.status().path("currentHealthy").asInt()).isEqualTo(1);
        assertThat(within.status().path("disruptedPods").has("a")).isTrue();
        assertThat(within.recheck()).isEqualTo(Instant.parse("2026-01-01T00:11:00Z"));

        DisruptionBudgetStatus after = DisruptionBudgetStatus.of(budget("\"minAvailable\":1", noted),
                List.of(pod("a", true), pod("b", true)), OptionalInt.empty(), NOW.plusSeconds(61));
        assertThat(after.status().path("currentHealthy").asInt()).isEqualTo(2);
        assertThat(after.status().has("disruptedPods")).isFalse();
    }

    @Test
    void aPercentageWithoutControllersFailsSafe() {
        JsonNode status = DisruptionBudgetStatus.of(budget("\"minAvailable\":\"50%\"", ""),
                List.of(pod("a", true)), OptionalInt.empty(), NOW).status();

        assertThat(status.path("disruptionsAllowed").asInt()).isZero();
        assertThat(status.path("conditions").get(0).path("reason").asString()).isEqualTo("SyncFailed");
    }

    private static Unstructured budget(String spec, String status) {
        return new Unstructured((ObjectNode) JsonMapper.shared().readTree(
                "{\"metadata\":{\"name\":\"web\",\"namespace\":\"ns\",\"generation\":4},\"spec\":{" + spec
                        + ",\"selector\":{\"matchLabels\":{\"app\":\"web\"}}},\"status\":{" + status + "}}"));
    }

    private static Unstructured pod(String name, boolean ready) {
        return new Unstructured((ObjectNode) JsonMapper.shared().readTree(
                "{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"ns\",\"labels\":{\"app\":\"web\"}},"
                        + "\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"" + (ready ? "True" : "False")
                        + "\"}]}}"));
    }
}
