package dev.ordinal.controller;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pod-template-hash: FNV-1a 32-bit, the collision count's bytes, and rand.SafeEncodeString,
 * checked against sums worked out independently of this code; then the template's rendering.
 */
class PodTemplateHashTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String hash(String data, Integer collisionCount) {
        return PodTemplateHash.hash(data.getBytes(StandardCharsets.UTF_8), collisionCount);
    }

    @Test
    void fnvSumsEncodeDigitByDigit() {
        assertThat(hash("hello", null)).isEqualTo("5779d75c67");
        assertThat(hash("v1.PodTemplateSpec{}", null)).isEqualTo("7dcc699996");
    }

    @Test
    void aCollisionCountOfZeroIsNotNoCount() {
        assertThat(hash("hello", 0)).isEqualTo("5b699478ff");
        assertThat(hash("hello", 1)).isEqualTo("9dd854bb");
        assertThat(hash("hello", 2)).isEqualTo("6cdc589f6f");
        assertThat(hash("v1.PodTemplateSpec{}", 1)).isEqualTo("c8d687549");
    }

    @Test
    void equalTemplatesHashEquallyWhateverTheirKeyOrder() {
        JsonNode template = JSON.readTree("""
                {"metadata": {"labels": {"app": "web", "tier": "front"}},
                 "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}}""");
        JsonNode reordered = JSON.readTree("""
                {"spec": {"containers": [{"image": "nginx:1.27", "name": "nginx"}]},
                 "metadata": {"labels": {"tier": "front", "app": "web"}}}""");
        JsonNode changed = JSON.readTree("""
                {"metadata": {"labels": {"app": "web", "tier": "front"}},
                 "spec": {"containers": [{"name": "nginx", "image": "nginx:1.28"}]}}""");

        String hash = PodTemplateHash.of(template, null);
        assertThat(hash).matches("[4-9bcdf]{1,10}");
        assertThat(PodTemplateHash.of(reordered, null)).isEqualTo(hash);
        assertThat(PodTemplateHash.of(changed, null)).isNotEqualTo(hash);
        assertThat(PodTemplateHash.of(template, 1)).isNotEqualTo(hash);
    }
}
