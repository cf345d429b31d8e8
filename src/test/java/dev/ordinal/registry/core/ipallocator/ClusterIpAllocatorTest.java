package dev.ordinal.registry.core.ipallocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.Allocator.Allocation;

/** Cluster IP allocation on plain Service objects, with the stored Services as a plain list. */
class ClusterIpAllocatorTest {

    private final List<Unstructured> stored = new ArrayList<>();
    private final ClusterIpAllocator allocator = new ClusterIpAllocator(
            new ServiceNetworkProperties(null).ranges(), () -> stored, new Random(1));

    @Test
    void aServiceWithoutClusterIpGetsOneFromTheDynamicBandWithItsFamilyFields() {
        Unstructured service = service("api", "\"type\": \"ClusterIP\"");

        allocator.allocateCreate(service).close();

        String ip = service.json().at("/spec/clusterIP").asString();
        ServiceCidr range = ServiceCidr.parse("10.96.0.0/12");
        assertThat(range.offsetOf(dev.ordinal.machinery.IpAddresses.parse(ip).orElseThrow()))
                .isGreaterThanOrEqualTo(256);
        assertThat(service.json().at("/spec/clusterIPs")).containsExactly(
                JsonMapper.shared().getNodeFactory().stringNode(ip));
        assertThat(service.json().at("/spec/ipFamilies").toString()).isEqualTo("[\"IPv4\"]");
        assertThat(service.json().at("/spec/ipFamilyPolicy").asString()).isEqualTo("SingleStack");
    }

    @Test
    void aRequestedIpOutsideTheRangeIsRefusedWithUpstreamsMessage() {
        assertThatThrownBy(() -> allocator.allocateCreate(service("api", "\"clusterIP\": \"10.0.0.1\"")))
                .isInstanceOf(StatusError.class)
                .hasMessage("Service \"api\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.0.0.1\"}: "
                        + "failed to allocate IP 10.0.0.1: provided IP is not in the valid range. "
                        + "The range of valid IPs is 10.96.0.0/12");
    }

    @Test
    void anIpHeldByAStoredServiceOrAnUnfinishedCreateIsAlreadyAllocated() {
        stored.add(service("first", "\"clusterIP\": \"10.96.0.20\", \"clusterIPs\": [\"10.96.0.20\"]"));
        String allocated = "Service \"second\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.0.20\"}: "
                + "failed to allocate IP 10.96.0.20: provided IP is already allocated";

        assertThatThrownBy(() -> allocator.allocateCreate(service("second", "\"clusterIP\": \"10.96.0.20\"")))
                .hasMessage(allocated);

        stored.clear();
        Allocation inFlight = allocator.allocateCreate(service("first", "\"clusterIP\": \"10.96.0.20\""));
        assertThatThrownBy(() -> allocator.allocateCreate(service("second", "\"clusterIP\": \"10.96.0.20\"")))
                .hasMessage(allocated);
        inFlight.close();
        allocator.allocateCreate(service("second", "\"clusterIP\": \"10.96.0.20\"")).close();
    }

    @Test
    void headlessAndExternalNameServicesGetNoIp() {
        Unstructured headless = service("nginx", "\"clusterIP\": \"None\", \"selector\": {\"app\": \"nginx\"}");
        Unstructured external = service("ext", "\"type\": \"ExternalName\", \"externalName\": \"db.example.com\"");

        allocator.allocateCreate(headless).close();
        allocator.allocateCreate(external).close();

        assertThat(headless.json().at("/spec/clusterIPs").toString()).isEqualTo("[\"None\"]");
        assertThat(headless.json().at("/spec/ipFamilies").toString()).isEqualTo("[\"IPv4\"]");
        assertThat(external.json().at("/spec").has("clusterIP")).isFalse();
        assertThat(external.json().at("/spec").has("ipFamilies")).isFalse();
    }

    @Test
    void anIpv6RequestNeedsAnIpv6Range() {
        assertThatThrownBy(() -> allocator.allocateCreate(service("v6", "\"clusterIP\": \"fd00::14\"")))
                .hasMessage("Service \"v6\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\"fd00::14\"}: "
                        + "IPv6 is not configured on this cluster");

        ClusterIpAllocator dualStack = new ClusterIpAllocator(
                new ServiceNetworkProperties("10.96.0.0/12,fd00::/108").ranges(), () -> stored, new Random(1));
        Unstructured service = service("v6", "\"clusterIP\": \"fd00::14\"");
        dualStack.allocateCreate(service).close();
        assertThat(service.json().at("/spec/ipFamilies").toString()).isEqualTo("[\"IPv6\"]");
    }

    @Test
    void anExternalNameServiceTurningClusterIpGetsAnIpOnUpdate() {
        Unstructured old = service("api", "\"type\": \"ExternalName\", \"externalName\": \"db.example.com\"");
        Unstructured updated = service("api", "\"type\": \"ClusterIP\"");
        Unstructured unchanged = service("api", "\"type\": \"ClusterIP\"");

        allocator.allocateUpdate(updated, old).close();
        allocator.allocateUpdate(unchanged, updated).close();

        assertThat(updated.json().at("/spec/clusterIP").asString()).startsWith("10.");
        assertThat(unchanged.json().at("/spec").has("clusterIP")).isFalse();
    }

    private static Unstructured service(String name, String spec) {
        return new Unstructured((ObjectNode) JsonMapper.shared().readTree("""
                {"metadata": {"name": "%s", "namespace": "default"}, "spec": {%s}}""".formatted(name, spec)));
    }
}
