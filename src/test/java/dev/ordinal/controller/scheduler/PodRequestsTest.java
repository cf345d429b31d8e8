package dev.ordinal.controller.scheduler;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class PodRequestsTest {

    private static Resources requests(String spec) {
        return PodRequests.of(JsonMapper.shared().readTree(spec));
    }

    @Test
    void containersAddUpAndLimitsStandInForMissingRequests() {
        assertThat(requests("""
                {"containers": [
                  {"name": "a", "resources": {"requests": {"cpu": "250m", "memory": "64Mi"}}},
                  {"name": "b", "resources": {"limits": {"cpu": "1", "memory": "1Gi", "example.com/dongle": "2"},
                                              "requests": {"cpu": "500m"}}}]}"""))
                .isEqualTo(new Resources(750, 64L * 1024 * 1024 + 1024L * 1024 * 1024, 0,
                        Map.of("example.com/dongle", 2L)));
    }

    @Test
    void theLargestInitContainerCountsWhenItAsksForMore() {
        assertThat(requests("""
                {"initContainers": [{"name": "big", "resources": {"requests": {"cpu": "2"}}},
                                    {"name": "small", "resources": {"requests": {"cpu": "100m"}}}],
                 "containers": [{"name": "app", "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}}]}"""))
                .isEqualTo(new Resources(2000, 1024L * 1024 * 1024, 0, Map.of()));
    }

    @Test
    void sidecarsKeepRunningAlongsideEverythingAfterThem() {
        assertThat(requests("""
                {"initContainers": [{"name": "proxy", "restartPolicy": "Always",
                                     "resources": {"requests": {"cpu": "500m"}}},
                                    {"name": "migrate", "resources": {"requests": {"cpu": "1"}}}],
                 "containers": [{"name": "app", "resources": {"requests": {"cpu": "200m"}}}]}""").milliCpu())
                .isEqualTo(1500);
    }

    @Test
    void theOverheadIsAdded() {
        assertThat(requests("""
                {"overhead": {"cpu": "100m"},
                 "containers": [{"name": "app", "resources": {"requests": {"cpu": "1"}}}]}""").milliCpu())
                .isEqualTo(1100);
    }

    @Test
    void scoringCountsContainersWithoutRequestsAsSmall() {
        assertThat(PodRequests.nonZero(JsonMapper.shared().readTree("""
                {"containers": [{"name": "a"}, {"name": "b", "resources": {"requests": {"cpu": "1"}}}]}""")))
                .isEqualTo(new Resources(1100, 2 * 200L * 1024 * 1024, 0, Map.of()));
    }
}
