package dev.ordinal.kubelet;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedNodeTest {

    private static final Ipv4Cidr POD_NETWORK = Ipv4Cidr.parse("10.244.0.0/16");

    private static SimulatedNode node(int index) {
        return new SimulatedNode(index, NodeProperties.defaults(), POD_NETWORK, "v1.32.4", "boot-id");
    }

    @Test
    void nodesAreNamedAsKindNamesItsWorkers() {
        assertThat(List.of(node(0).name(), node(1).name(), node(2).name()))
                .containsExactly("ordinal-worker", "ordinal-worker2", "ordinal-worker3");
    }

    @Test
    void eachNodeHasItsOwnAddressAndPodRange() {
        assertThat(node(0).internalIp()).isEqualTo("172.18.0.2");
        assertThat(node(2).internalIp()).isEqualTo("172.18.0.4");
        assertThat(node(0).podCidr()).isEqualTo("10.244.0.0/24");
        assertThat(node(2).podCidr()).isEqualTo("10.244.2.0/24");
        assertThatThrownBy(() -> new SimulatedNode(0, NodeProperties.defaults(), Ipv4Cidr.parse("10.0.0.0/25"),
                "v1.32.4", "boot").podCidr()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRegistrationCarriesTheWellKnownLabelsThePodRangeAndTheStatus() {
        Unstructured registration = node(1).registration("2025-03-01T10:00:00Z");

        assertThat(registration.name()).isEqualTo("ordinal-worker2");
        assertThat(registration.labels()).containsEntry("kubernetes.io/hostname", "ordinal-worker2")
                .containsEntry("kubernetes.io/os", "linux")
                .containsEntry("kubernetes.io/arch", "amd64")
                .containsEntry("beta.kubernetes.io/os", "linux")
                .containsEntry("topology.kubernetes.io/region", "ordinal")
                .containsEntry("topology.kubernetes.io/zone", "ordinal-b");
        assertThat(registration.json().path("spec").path("podCIDR").asString()).isEqualTo("10.244.1.0/24");
        assertThat(registration.json().path("spec").path("podCIDRs").get(0).asString()).isEqualTo("10.244.1.0/24");
        assertThat(registration.json().path("status")).isEqualTo(node(1).status(JsonNodeFactory.instance.objectNode(),
                "2025-03-01T10:00:00Z", true));
    }

    @Test
    void theStatusReportsAReadyNodeWithItsCapacity() {
        JsonNode status = node(0).status(JsonNodeFactory.instance.objectNode(), "2025-03-01T10:00:00Z", true);

        assertThat(status.path("capacity")).isEqualTo(status.path("allocatable"));
        assertThat(status.path("capacity").toString()).isEqualTo("{\"cpu\":\"8\",\"ephemeral-storage\":\"100Gi\","
                + "\"hugepages-1Gi\":\"0\",\"hugepages-2Mi\":\"0\",\"memory\":\"16Gi\",\"pods\":\"110\"}");
        JsonNode ready = status.path("conditions").get(3);
        assertThat(ready.toString()).isEqualTo("{\"type\":\"Ready\",\"status\":\"True\","
                + "\"lastHeartbeatTime\":\"2025-03-01T10:00:00Z\",\"lastTransitionTime\":\"2025-03-01T10:00:00Z\","
                + "\"reason\":\"KubeletReady\",\"message\":\"kubelet is posting ready status\"}");
        assertThat(status.path("addresses").toString()).isEqualTo("[{\"type\":\"InternalIP\",\"address\":"
                + "\"172.18.0.2\"},{\"type\":\"Hostname\",\"address\":\"ordinal-worker\"}]");
        assertThat(status.path("nodeInfo").path("kubeletVersion").asString()).isEqualTo("v1.32.4");
        assertThat(status.path("nodeInfo").path("machineID").asString()).matches("[0-9a-f]{32}");
        assertThat(status.path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt()).isEqualTo(10250);
    }

    @Test
    void aHeartbeatKeepsTheTransitionTimes() {
        ObjectNode first = node(0).status(JsonNodeFactory.instance.objectNode(), "2025-03-01T10:00:00Z", true);
        JsonNode later = node(0).status(first, "2025-03-01T10:05:00Z", true);

        JsonNode ready = later.path("conditions").get(3);
        assertThat(ready.path("lastHeartbeatTime").asString()).isEqualTo("2025-03-01T10:05:00Z");
        assertThat(ready.path("lastTransitionTime").asString()).isEqualTo("2025-03-01T10:00:00Z");
    }
}
