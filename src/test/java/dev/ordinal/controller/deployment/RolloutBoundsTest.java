package dev.ordinal.controller.deployment;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

import static org.assertj.core.api.Assertions.assertThat;

/** maxSurge rounds up, maxUnavailable down, both 0 make unavailable 1, Recreate has neither. */
class RolloutBoundsTest {

    private static Unstructured deployment(String type, int replicas, String surge, String unavailable) {
        return new Unstructured((ObjectNode) JsonMapper.builder().build().readTree("""
                {"spec": {"replicas": %d, "strategy": {"type": "%s",
                  "rollingUpdate": {"maxSurge": %s, "maxUnavailable": %s}}}}"""
                .formatted(replicas, type, surge, unavailable)));
    }

    @ParameterizedTest(name = "{0} replicas, surge {1}, unavailable {2}")
    @CsvSource({
            "1, '\"25%\"', '\"25%\"', 1, 0",
            "3, '\"25%\"', '\"25%\"', 1, 0",
            "4, '\"25%\"', '\"25%\"', 1, 1",
            "10, '\"25%\"', '\"25%\"', 3, 2",
            "10, 3, 2, 3, 2",
            "1, '\"0%\"', '\"10%\"', 0, 1",
            "5, 0, '\"100%\"', 0, 5",
            "0, '\"25%\"', '\"25%\"', 0, 0",
            "3, 1, 7, 1, 3"})
    void rollingUpdateBounds(int replicas, String surge, String unavailable, int maxSurge, int maxUnavailable) {
        Unstructured deployment = deployment("RollingUpdate", replicas, surge, unavailable);

        assertThat(RolloutBounds.maxSurge(deployment)).isEqualTo(maxSurge);
        assertThat(RolloutBounds.maxUnavailable(deployment)).isEqualTo(maxUnavailable);
    }

    @ParameterizedTest
    @CsvSource({"3", "10"})
    void recreateAllowsNeitherSurgeNorUnavailability(int replicas) {
        Unstructured deployment = deployment("Recreate", replicas, "1", "1");

        assertThat(RolloutBounds.maxSurge(deployment)).isZero();
        assertThat(RolloutBounds.maxUnavailable(deployment)).isZero();
    }
}
