package dev.ordinal.registry.cluster;

import static dev.ordinal.registry.core.RegistrySteps.edited;
import static dev.ordinal.registry.core.RegistrySteps.tree;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.core.RegistrySteps;

class EndpointSliceStrategyTest {

    private static final String SLICE = """
            {"metadata": {"name": "nginx-abc12", "labels": {"kubernetes.io/service-name": "nginx"}},
             "addressType": "IPv4",
             "endpoints": [{"addresses": ["10.244.1.5"], "hostname": "web-0", "conditions": {"ready": true}}],
             "ports": [{"port": 80}]}
            """;

    private final RegistrySteps steps = new RegistrySteps(new ClusterResources().endpointSlices());

    @Test
    void defaultsPortsAndStartsAtGenerationOne() {
        Unstructured slice = steps.created(SLICE);

        assertThat(slice.json().get("ports")).isEqualTo(tree("[{\"port\": 80, \"name\": \"\", \"protocol\": \"TCP\"}]"));
        assertThat(slice.generation()).isEqualTo(1);
    }

    @Test
    void countsChangesOfEndpointsAndLabelsButNotOfOtherMetadata() {
        Unstructured created = steps.created(SLICE);

        Unstructured annotated = steps.updated(created, edited(created, slice -> slice.withObjectProperty("metadata")
                .withObjectProperty("annotations").put("note", "x")));
        assertThat(annotated.generation()).isEqualTo(1);
        Unstructured relabelled = steps.updated(annotated, edited(annotated, slice -> slice
                .withObjectProperty("metadata").withObjectProperty("labels")
                .put("endpointslice.kubernetes.io/managed-by", "ordinal")));
        assertThat(relabelled.generation()).isEqualTo(2);
        Unstructured notReady = steps.updated(relabelled, edited(relabelled, slice -> ((ObjectNode) slice
                .at("/endpoints/0/conditions")).put("ready", false)));
        assertThat(notReady.generation()).isEqualTo(3);
    }

    @Test
    void portsHaveUniqueNamesAndAKnownProtocol() {
        assertThat(steps.createErrors(SLICE.replace("[{\"port\": 80}]",
                "[{\"name\": \"web\", \"port\": 80, \"protocol\": \"HTTP\"}, "
                        + "{\"name\": \"web\", \"port\": 81, \"appProtocol\": \"-h2\"}]")))
                .containsExactly(
                        "ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
                        "ports[1].name: Duplicate value: \"web\"",
                        "ports[1].appProtocol: Invalid value: \"-h2\": name part must consist of alphanumeric "
                                + "characters, '-', '_' or '.', and must start and end with an alphanumeric character "
                                + "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                                + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
    }

    @Test
    void requiresAnAddressTypeThatNeverChanges() {
        assertThat(steps.createErrors(SLICE.replace("\"addressType\": \"IPv4\",", "")))
                .containsExactly("addressType: Required value");
        Unstructured old = steps.created(SLICE);
        assertThat(steps.updateErrors(old, edited(old, slice -> slice.put("addressType", "FQDN")
                .withArrayProperty("endpoints").removeAll().addObject().putArray("addresses").add("web.example.com"))))
                .containsExactly("addressType: Invalid value: \"FQDN\": field is immutable");
    }

    @Test
    void checksAddressesByTheirType() {
        assertThat(steps.createErrors(SLICE.replace("\"10.244.1.5\"", "\"fd00::5\", \"10.244.1.5\"")))
                .containsExactly("endpoints[0].addresses[0]: Invalid value: \"fd00::5\": must be a valid IPv4 address");
        assertThat(steps.createErrors(SLICE.replace("[\"10.244.1.5\"]", "[]")))
                .containsExactly("endpoints[0].addresses: Required value: must contain at least 1 address");
    }
}
