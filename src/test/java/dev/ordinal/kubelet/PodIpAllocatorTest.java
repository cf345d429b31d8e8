package dev.ordinal.kubelet;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodIpAllocatorTest {

    private final PodIpAllocator allocator = new PodIpAllocator();
    private final Ipv4Cidr range = Ipv4Cidr.parse("10.244.1.0/24");

    @Test
    void cidrsAreParsedSplitAndCounted() {
        Ipv4Cidr network = Ipv4Cidr.parse("10.244.7.9/16");

        assertThat(network).hasToString("10.244.0.0/16");
        assertThat(network.subnet(2, 24)).hasToString("10.244.2.0/24");
        assertThat(network.subnet(255, 24)).hasToString("10.244.255.0/24");
        assertThat(Ipv4Cidr.parse("172.18.0.0/16").address(2)).isEqualTo("172.18.0.2");
        assertThat(range.size()).isEqualTo(256);
        assertThatThrownBy(() -> network.subnet(256, 24)).hasMessage("10.244.0.0/16 has no room for 257 /24 networks");
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.244.0.0")).hasMessage("invalid CIDR address: 10.244.0.0");
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.244.300.0/16")).hasMessage("invalid CIDR address: 10.244.300.0/16");
    }

    @Test
    void addressesStartAfterTheGatewayAndAPodKeepsItsOwn() {
        assertThat(allocator.allocate("a", range)).isEqualTo("10.244.1.2");
        assertThat(allocator.allocate("b", range)).isEqualTo("10.244.1.3");
        assertThat(allocator.allocate("a", range)).isEqualTo("10.244.1.2");
    }

    @Test
    void aFreedAddressIsNotReusedAtOnce() {
        allocator.allocate("a", range);
        allocator.allocate("b", range);
        allocator.release("a");

        assertThat(allocator.allocate("c", range)).isEqualTo("10.244.1.4");
    }

    @Test
    void addressesReservedFromBeforeAreSkipped() {
        allocator.reserve("old", "10.244.1.2");

        assertThat(allocator.allocate("new", range)).isEqualTo("10.244.1.3");
    }

    @Test
    void aFullRangeWrapsToFreedAddressesAndThenRunsOut() {
        Set<String> given = new HashSet<>();
        for (int i = 0; i < 253; i++) {
            given.add(allocator.allocate("pod-" + i, range));
        }
        assertThat(given).hasSize(253).doesNotContain("10.244.1.0", "10.244.1.1", "10.244.1.255");
        assertThatThrownBy(() -> allocator.allocate("one-more", range))
                .hasMessage("no IP addresses available in range 10.244.1.0/24");

        allocator.release("pod-7");
        assertThat(allocator.allocate("one-more", range)).isEqualTo("10.244.1.9");
    }
}
