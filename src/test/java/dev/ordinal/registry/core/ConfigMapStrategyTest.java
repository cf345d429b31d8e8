package dev.ordinal.registry.core;

import static dev.ordinal.registry.core.RegistrySteps.createErrors;
import static dev.ordinal.registry.core.RegistrySteps.created;
import static dev.ordinal.registry.core.RegistrySteps.edited;
import static dev.ordinal.registry.core.RegistrySteps.updateErrors;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.ordinal.machinery.Unstructured;

class ConfigMapStrategyTest {

    private final ConfigMapStrategy strategy = new ConfigMapStrategy();

    @Test
    void validatesKeys() {
        assertThat(createErrors(strategy, """
                {"metadata": {"name": "cfg"}, "data": {"..hidden": "x", "app.properties": "a=b", "shared": "1"},
                 "binaryData": {"shared": "AA=="}}
                """)).containsExactly(
                "data[..hidden]: Invalid value: \"..hidden\": must not start with '..'",
                "data[shared]: Invalid value: \"shared\": duplicate of key present in binaryData");
    }

    @Test
    void anImmutableConfigMapStaysAsItIs() {
        Unstructured old = created(strategy, """
                {"metadata": {"name": "cfg"}, "immutable": true, "data": {"a": "1"}}
                """);

        assertThat(updateErrors(strategy, old, edited(old, configMap -> configMap.put("immutable", false)
                .withObjectProperty("data").put("a", "2")))).containsExactly(
                "immutable: Forbidden: field is immutable when `immutable` is set",
                "data: Forbidden: field is immutable when `immutable` is set");
        assertThat(updateErrors(strategy, old, edited(old, configMap -> configMap.withObjectProperty("metadata")
                .withObjectProperty("labels").put("team", "a")))).isEmpty();
    }
}
