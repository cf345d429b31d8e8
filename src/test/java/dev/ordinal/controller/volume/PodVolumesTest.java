package dev.ordinal.controller.volume;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

class PodVolumesTest {

    @Test
    void aClaimVolumeOrAnEphemeralVolumeUsesAClaim() {
        assertThat(PodVolumes.usesClaims(pod("""
                {"spec":{"volumes":[{"name":"cache","emptyDir":{}},
                  {"name":"data","persistentVolumeClaim":{"claimName":"data-web-0"}}]}}"""))).isTrue();
        assertThat(PodVolumes.usesClaims(pod("""
                {"spec":{"volumes":[{"name":"scratch","ephemeral":{"volumeClaimTemplate":{"spec":{}}}}]}}""")))
                .isTrue();
    }

    @Test
    void otherVolumesOrNoneUseNoClaim() {
        assertThat(PodVolumes.usesClaims(pod("{\"spec\":{\"volumes\":[{\"name\":\"cache\",\"emptyDir\":{}}]}}")))
                .isFalse();
        assertThat(PodVolumes.usesClaims(pod("{\"spec\":{\"containers\":[]}}"))).isFalse();
        assertThat(PodVolumes.usesClaims(pod("{}"))).isFalse();
    }

    private static Unstructured pod(String json) {
        return new Unstructured((ObjectNode) JsonMapper.shared().readTree(json));
    }
}
