package dev.ordinal.registry.core;

import static dev.ordinal.registry.core.RegistrySteps.created;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ordinal.machinery.Unstructured;

class NamespaceStrategyTest {

    private final NamespaceStrategy strategy = new NamespaceStrategy();

    @Test
    void selectsByStatusPhase() {
        Unstructured namespace = created(strategy, "{\"metadata\": {\"name\": \"team-a\"}}");

        assertThat(strategy.selectableFields(namespace)).isEqualTo(Map.of("status.phase", "Active"));

        strategy.prepareForDelete(namespace);
        assertThat(strategy.selectableFields(namespace)).isEqualTo(Map.of("status.phase", "Terminating"));
        assertThat(strategy.selectableFieldNames()).containsExactly("status.phase");
    }
}
