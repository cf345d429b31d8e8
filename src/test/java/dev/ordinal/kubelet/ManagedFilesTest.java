package dev.ordinal.kubelet;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

import static org.assertj.core.api.Assertions.assertThat;

/** The kubelet's /etc/hosts and /etc/resolv.conf for a StatefulSet's pod. */
class ManagedFilesTest {

    private static Unstructured pod(String json) {
        return new Unstructured((ObjectNode) JsonMapper.builder().build().readTree(json));
    }

    private static final Unstructured WEB_0 = pod("""
            {"metadata": {"name": "web-0", "namespace": "default"},
             "spec": {"hostname": "web-0", "subdomain": "nginx",
                      "hostAliases": [{"ip": "10.1.2.3", "hostnames": ["foo.local", "bar.local"]}],
                      "dnsConfig": {"searches": ["example.com"], "options": [{"name": "ndots", "value": "2"}]}},
             "status": {"podIP": "10.244.0.5", "podIPs": [{"ip": "10.244.0.5"}]}}""");

    @Test
    void hostsHasThePodsFqdnAndItsAliases() {
        assertThat(ManagedFiles.hosts(WEB_0, "cluster.local")).isEqualTo("""
                # Kubernetes-managed hosts file.
                127.0.0.1\tlocalhost
                ::1\tlocalhost ip6-localhost ip6-loopback
                fe00::0\tip6-localnet
                fe00::0\tip6-mcastprefix
                fe00::1\tip6-allnodes
                fe00::2\tip6-allrouters
                10.244.0.5\tweb-0.nginx.default.svc.cluster.local\tweb-0

                # Entries added by HostAliases.
                10.1.2.3\tfoo.local\tbar.local
                """);
    }

    @Test
    void resolvConfIsClusterFirstMergedWithThePodsDnsConfig() {
        assertThat(ManagedFiles.resolvConf(WEB_0, "cluster.local", "10.96.0.10")).isEqualTo("""
                search default.svc.cluster.local svc.cluster.local cluster.local example.com
                nameserver 10.96.0.10
                options ndots:2
                """);
    }

    @Test
    void aLongNameIsCutTo63CharactersWithoutATrailingDash() {
        Unstructured pod = pod("{\"metadata\": {\"name\": \"" + "a".repeat(62) + "-b\", \"namespace\": \"x\"}}");
        assertThat(ManagedFiles.hostname(pod)).isEqualTo("a".repeat(62));
    }
}
