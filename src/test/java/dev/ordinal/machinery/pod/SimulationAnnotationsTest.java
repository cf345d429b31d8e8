package dev.ordinal.machinery.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SimulationAnnotationsTest {

    @Test
    void aFlagIsSetByGosSpellingsOfTrueOnly() {
        for (String spelling : new String[] {"1", "t", "T", "TRUE", "true", "True"}) {
            assertThat(SimulationAnnotations.isSet(Map.of("ordinal.dev/unschedulable", spelling),
                    SimulationAnnotations.UNSCHEDULABLE)).as(spelling).isTrue();
        }
        assertThat(SimulationAnnotations.isSet(Map.of("ordinal.dev/unschedulable", "false"),
                SimulationAnnotations.UNSCHEDULABLE)).isFalse();
        assertThat(SimulationAnnotations.isSet(Map.of("ordinal.dev/unschedulable", "yes"),
                SimulationAnnotations.UNSCHEDULABLE)).isFalse();
        assertThat(SimulationAnnotations.isSet(Map.of(), SimulationAnnotations.UNSCHEDULABLE)).isFalse();
    }
}
