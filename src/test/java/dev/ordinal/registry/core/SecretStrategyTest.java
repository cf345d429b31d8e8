package dev.ordinal.registry.core;

import static dev.ordinal.registry.core.RegistrySteps.edited;
import static dev.ordinal.registry.core.RegistrySteps.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ordinal.machinery.Unstructured;

class SecretStrategyTest {

    private final SecretStrategy strategy = new SecretStrategy();
    private final RegistrySteps steps = new RegistrySteps(new CoreResources().secrets());

    @Test
    void mergesStringDataIntoDataAndDefaultsTheType() {
        Unstructured secret = steps.created("""
                {"metadata": {"name": "db"}, "data": {"user": "YWRtaW4="},
                 "stringData": {"password": "s3cret", "user": "root"}}
                """);

        assertThat(secret.json().get("data")).isEqualTo(tree("{\"user\": \"cm9vdA==\", \"password\": \"czNjcmV0\"}"));
        assertThat(secret.json().has("stringData")).isFalse();
        assertThat(secret.json().get("type").asString()).isEqualTo("Opaque");
        assertThat(strategy.selectableFields(secret)).isEqualTo(Map.of("type", "Opaque"));
        assertThat(strategy.selectableFieldNames()).containsExactly("type");
    }

    @Test
    void validatesKeysAndWhatEachTypeRequires() {
        assertThat(steps.createErrors("""
                {"metadata": {"name": "tls"}, "type": "kubernetes.io/tls", "data": {"bad key": "eA=="}}
                """)).containsExactly(
                "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric "
                        + "characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key_name', regex used "
                        + "for validation is '[-._a-zA-Z0-9]+')",
                "data[tls.crt]: Required value",
                "data[tls.key]: Required value");
    }

    @Test
    void theTypeAndAnImmutableSecretsDataStay() {
        Unstructured old = steps.created("""
                {"metadata": {"name": "db"}, "immutable": true, "data": {"user": "YWRtaW4="}}
                """);

        assertThat(steps.updateErrors(old, edited(old, secret -> secret.put("type", "example.com/credentials")
                .withObjectProperty("data").put("user", "cm9vdA==")))).containsExactly(
                "type: Invalid value: \"example.com/credentials\": field is immutable",
                "data: Forbidden: field is immutable when `immutable` is set");
    }
}
