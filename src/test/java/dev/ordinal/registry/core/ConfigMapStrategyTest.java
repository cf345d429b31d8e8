package dev.ordinal.registry.core;

import static dev.ordinal.registry.core.RegistrySteps.edited;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.ordinal.machinery.Unstructured;

class ConfigMapStrategyTest {

    private final RegistrySteps steps = new RegistrySteps(new CoreResources().configMaps());

    @Test
    void validatesKeys() {
        assertThat(steps.createErrors("""
                {"metadata": {"name": "cfg"}, "data": {"..hidden": "x", "app.properties": "a=b", "shared": "1"},
                 "binaryData": {"shared": "AA=="}}
                """)).containsExactly(
                "data[..hidden]: Invalid value: \"..hidden\": must not start with '..'",
                "data[shared]: Invalid value: \"shared\": duplicate of key present in binaryData");
    }

    @Test
    void anImmutableConfigMapStaysAsItIs() {
        Unstructured old = steps.created("""
                {"metadata": {"name": "cfg"}, "immutable": true, "data": {"a": "1"}}
                """);

        assertThat(steps.updateErrors(old, edited(old, configMap -> configMap.put("immutable", false)
                .withObjectProperty("data").put("a", "2")))).containsExactly(
                "immutable: Forbidden: field is immutable when `immutable` is set",
                "data: Forbidden: field is immutable when `immutable` is set");
        assertThat(steps.updateErrors(old, edited(old, configMap -> configMap.withObjectProperty("metadata")
                .withObjectProperty("labels").put("team", "a")))).isEmpty();
    }
}
