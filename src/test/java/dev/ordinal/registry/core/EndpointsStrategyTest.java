package dev.ordinal.registry.core;

import static dev.ordinal.registry.core.RegistrySteps.createErrors;
import static dev.ordinal.registry.core.RegistrySteps.created;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.ordinal.machinery.Unstructured;

class EndpointsStrategyTest {

    private final EndpointsStrategy strategy = new EndpointsStrategy();

    @Test
    void portsDefaultToTcp() {
        Unstructured endpoints = created(strategy, """
                {"metadata": {"name": "nginx"},
                 "subsets": [{"addresses": [{"ip": "10.244.1.5", "hostname": "web-0"}], "ports": [{"port": 80}]}]}
                """);

        assertThat(endpoints.json().at("/subsets/0/ports/0/protocol").asString()).isEqualTo("TCP");
        assertThat(strategy.validate(endpoints)).isEmpty();
    }

    @Test
    void aSubsetNeedsUsableAddresses() {
        assertThat(createErrors(strategy, """
                {"metadata": {"name": "nginx"},
                 "subsets": [{"ports": [{"port": 80}]},
                             {"addresses": [{"ip": "127.0.0.1"}, {"ip": "web-0"}],
                              "ports": [{"name": "web", "port": 80}, {"port": 443}]}]}
                """)).containsExactly(
                "subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`",
                "subsets[1].addresses[0].ip: Invalid value: \"127.0.0.1\": may not be in the loopback range "
                        + "(127.0.0.0/8, ::1/128)",
                "subsets[1].addresses[1].ip: Invalid value: \"web-0\": must be a valid IP address, (e.g. 10.9.8.7 "
                        + "or 2001:db8::ffff)",
                "subsets[1].addresses[1].ip: Invalid value: \"web-0\": must be a valid IP address",
                "subsets[1].ports[1].name: Required value");
    }
}
