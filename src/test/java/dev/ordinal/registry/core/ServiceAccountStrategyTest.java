package dev.ordinal.registry.core;

import static dev.ordinal.registry.core.RegistrySteps.tree;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.ordinal.machinery.Unstructured;

class ServiceAccountStrategyTest {

    @Test
    void aSecretReferenceKeepsOnlyTheName() {
        Unstructured account = new RegistrySteps(new CoreResources().serviceAccounts(null)).created("""
                {"metadata": {"name": "builder"},
                 "secrets": [{"name": "builder-token", "namespace": "default", "uid": "1234"}]}
                """);

        assertThat(account.json().get("secrets")).isEqualTo(tree("[{\"name\": \"builder-token\"}]"));
    }
}
