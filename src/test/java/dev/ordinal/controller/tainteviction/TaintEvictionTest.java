package dev.ordinal.controller.tainteviction;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class TaintEvictionTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
    private static final String UNREACHABLE = "[{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoExecute\","
            + "\"timeAdded\":\"2026-01-01T00:08:00Z\"}]";

    @Test
    void aPodToleratingForAWhileGoesThatLongAfterTheTaintWasAdded() {
        JsonNode tolerations = json("[{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\","
                + "\"effect\":\"NoExecute\",\"tolerationSeconds\":300}]");

        assertThat(TaintEviction.deletionTime(tolerations, json(UNREACHABLE), NOW))
                .contains(Instant.parse("2026-01-01T00:13:00Z"));
    }

    @Test
    void aPodNotToleratingTheTaintGoesAtOnce() {
        assertThat(TaintEviction.deletionTime(json("[]"), json(UNREACHABLE), NOW)).contains(NOW);
    }

    @Test
    void aPodToleratingForeverStays() {
        JsonNode tolerations = json("[{\"operator\":\"Exists\"}]");

        assertThat(TaintEviction.deletionTime(tolerations, json(UNREACHABLE), NOW)).isEmpty();
    }

    @Test
    void theShortestTolerationWinsAndNoneGoesBelowZero() {
        JsonNode tolerations = json("[{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\","
                + "\"tolerationSeconds\":300},{\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":-5}]");

        assertThat(TaintEviction.deletionTime(tolerations, json(UNREACHABLE), NOW))
                .contains(Instant.parse("2026-01-01T00:08:00Z"));
    }

    @Test
    void noExecuteTaintsNoDeletion() {
        assertThat(TaintEviction.deletionTime(json("[]"),
                json("[{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoSchedule\"}]"), NOW))
                .isEqualTo(Optional.empty());
    }

    private static JsonNode json(String text) {
        return JsonMapper.shared().readTree(text);
    }
}
