package dev.ordinal.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.ordinal.machinery.Unstructured;

class EndpointsStrategyTest {

    private final RegistrySteps steps = new RegistrySteps(new CoreResources().endpoints());

    @Test
    void portsDefaultToTcp() {
        Unstructured endpoints = steps.created("""
                {"metadata": {"name": "nginx"},
                 "subsets": [{"addresses": [{"ip": "10.244.1.5", "hostname": "web-0"}], "ports": [{"port": 80}]}]}
                """);

        assertThat(endpoints.json().at("/subsets/0/ports/0/protocol").asString()).isEqualTo("TCP");
    }

    @Test
    void aSubsetNeedsUsableAddresses() {
        assertThat(steps.createErrors("""
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

    @Test
    void portsAreNamedNumberedAndOfAKnownProtocol() {
        assertThat(steps.createErrors("""
                {"metadata": {"name": "nginx"},
                 "subsets": [{"addresses": [{"ip": "10.244.1.5"}],
                              "ports": [{"name": "Web", "port": 0, "protocol": "HTTP", "appProtocol": "a/b/c"}]}]}
                """)).containsExactly(
                "subsets[0].ports[0].name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower "
                        + "case alphanumeric characters or '-', and must start and end with an alphanumeric character "
                        + "(e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
                "subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                "subsets[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", "
                        + "\"UDP\"",
                "subsets[0].ports[0].appProtocol: Invalid value: \"a/b/c\": a qualified name must consist of "
                        + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
                        + "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                        + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' "
                        + "(e.g. 'example.com/MyName')");
    }
}
