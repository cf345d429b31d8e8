package dev.ordinal.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ordinal.machinery.Unstructured;

class NamespaceStrategyTest {

    private final NamespaceStrategy strategy = new NamespaceStrategy();
    private final RegistrySteps steps = new RegistrySteps(new CoreResources().namespaces());

    @Test
    void selectsByStatusPhase() {
        Unstructured namespace = steps.created("{\"metadata\": {\"name\": \"team-a\"}}");

        assertThat(strategy.selectableFields(namespace)).isEqualTo(Map.of("status.phase", "Active"));

        strategy.prepareForDelete(namespace);
        assertThat(strategy.selectableFields(namespace)).isEqualTo(Map.of("status.phase", "Terminating"));
        assertThat(strategy.selectableFieldNames()).containsExactly("status.phase");
    }

    /** Upstream {@code ValidateNamespaceName}: a DNS-1123 label, so a name with dots is told just that. */
    @Test
    void namesAreDnsLabels() {
        assertThat(strategy.nameRule().check("team-a", false)).isEmpty();
        assertThat(strategy.nameRule().check("team-", true)).isEmpty();
        assertThat(strategy.nameRule().check("team.a", false)).containsExactly("must not contain dots");
        assertThat(strategy.nameRule().check("Team", false)).containsExactly("a lowercase RFC 1123 label must "
                + "consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric "
                + "character (e.g. 'my-name',  or '123-abc', regex used for validation is "
                + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
    }
}
