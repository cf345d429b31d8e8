package dev.ordinal.registry.printers;

import static dev.ordinal.registry.printers.Rows.ago;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

/** Services, Endpoints and EndpointSlices. */
class NetworkTablesTest {

    private final ServiceTable services = new ServiceTable();

    @Test
    void clusterIpServiceListsPortsAndSelector() {
        assertThat(Rows.headers(services)).isEqualTo("NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE | SELECTOR");
        assertThat(Rows.row(services, """
                {"metadata": {"name": "web", "creationTimestamp": "%s"},
                 "spec": {"type": "ClusterIP", "clusterIP": "10.96.0.10", "clusterIPs": ["10.96.0.10"],
                          "ports": [{"port": 80, "protocol": "TCP"}, {"port": 53, "protocol": "UDP"}],
                          "selector": {"tier": "web", "app": "nginx"}}}""".formatted(ago("PT45S"))))
                .containsExactly(entry("Name", "web"), entry("Type", "ClusterIP"), entry("Cluster-IP", "10.96.0.10"),
                        entry("External-IP", "<none>"), entry("Port(s)", "80/TCP,53/UDP"), entry("Age", "45s"),
                        entry("Selector", "app=nginx,tier=web"));
    }

    @Test
    void headlessServiceWithoutPortsOrSelector() {
        assertThat(Rows.row(services, """
                {"metadata": {"name": "nginx"}, "spec": {"type": "ClusterIP", "clusterIP": "None"}}"""))
                .containsEntry("Cluster-IP", "None").containsEntry("Port(s)", "<none>")
                .containsEntry("Selector", "<none>");
    }

    @Test
    void clusterIpComesFromClusterIpsWhenOnlyTheyAreSet() {
        assertThat(Rows.row(services, """
                {"metadata": {"name": "dual"}, "spec": {"type": "ClusterIP", "clusterIPs": ["fd00::10", "10.96.0.11"]}}"""))
                .containsEntry("Cluster-IP", "fd00::10");
        assertThat(Rows.row(services, """
                {"metadata": {"name": "none"}, "spec": {"type": "ClusterIP"}}"""))
                .containsEntry("Cluster-IP", "<none>");
    }

    @Test
    void nodePortServiceShowsNodePortsAndExternalIps() {
        assertThat(Rows.row(services, """
                {"metadata": {"name": "np"},
                 "spec": {"type": "NodePort", "clusterIP": "10.96.1.1", "externalIPs": ["203.0.113.7", "203.0.113.8"],
                          "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"}]}}"""))
                .containsEntry("External-IP", "203.0.113.7,203.0.113.8").containsEntry("Port(s)", "80:30080/TCP");
    }

    @Test
    void loadBalancerServiceIsPendingUntilItHasAnIngress() {
        assertThat(Rows.row(services, """
                {"metadata": {"name": "lb"}, "spec": {"type": "LoadBalancer"}}"""))
                .containsEntry("External-IP", "<pending>");
        assertThat(Rows.row(services, """
                {"metadata": {"name": "lb"}, "spec": {"type": "LoadBalancer", "externalIPs": ["198.51.100.1"]},
                 "status": {"loadBalancer": {"ingress": [{"hostname": "lb.example.com"}, {"ip": "192.0.2.9"},
                                                         {"ip": "192.0.2.9"}]}}}"""))
                .containsEntry("External-IP", "192.0.2.9,lb.example.com,198.51.100.1");
    }

    @Test
    void externalNameServiceShowsTheName() {
        assertThat(Rows.row(services, """
                {"metadata": {"name": "ext"}, "spec": {"type": "ExternalName", "externalName": "db.example.com"}}"""))
                .containsEntry("Type", "ExternalName").containsEntry("External-IP", "db.example.com");
    }

    @Test
    void endpointsShowThreeAddressesAndCountTheRest() {
        EndpointsTable table = new EndpointsTable();
        assertThat(Rows.headers(table)).isEqualTo("NAME ENDPOINTS AGE");
        assertThat(Rows.row(table, """
                {"metadata": {"name": "web", "creationTimestamp": "%s"}, "subsets": [
                   {"addresses": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}], "ports": [{"port": 80}, {"port": 443}]},
                   {"addresses": [{"ip": "fd00::3"}], "ports": [{"port": 8080}]}]}""".formatted(ago("PT2M"))))
                .containsExactly(entry("Name", "web"),
                        entry("Endpoints", "10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 2 more..."), entry("Age", "2m"));
        assertThat(Rows.row(table, """
                {"metadata": {"name": "headless"}, "subsets": [
                   {"addresses": [{"ip": "fd00::1"}, {"ip": "10.0.0.2"}]}, {"addresses": [{"ip": "fd00::3"}],
                    "ports": [{"port": 53}]}]}"""))
                .containsEntry("Endpoints", "fd00::1,10.0.0.2,[fd00::3]:53");
        assertThat(Rows.row(table, """
                {"metadata": {"name": "empty"}}""")).containsEntry("Endpoints", "<none>");
    }

    @Test
    void endpointSlicesShowPortsAndAddresses() {
        EndpointSliceTable table = new EndpointSliceTable();
        assertThat(Rows.headers(table)).isEqualTo("NAME ADDRESSTYPE PORTS ENDPOINTS AGE");
        assertThat(Rows.row(table, """
                {"metadata": {"name": "web-abc12", "creationTimestamp": "%s"}, "addressType": "IPv4",
                 "ports": [{"name": "http", "port": 80}, {"name": "metrics"}, {}, {"port": 9000}],
                 "endpoints": [{"addresses": ["10.0.0.1"]}, {"addresses": ["10.0.0.2", "10.0.0.3"]}]}"""
                .formatted(ago("PT1H"))))
                .containsExactly(entry("Name", "web-abc12"), entry("AddressType", "IPv4"),
                        entry("Ports", "80,metrics,* + 1 more..."), entry("Endpoints", "10.0.0.1,10.0.0.2,10.0.0.3"),
                        entry("Age", "60m"));
        assertThat(Rows.row(table, """
                {"metadata": {"name": "empty"}, "addressType": "IPv6", "endpoints": [{"addresses": []}]}"""))
                .containsEntry("Ports", "<unset>").containsEntry("Endpoints", "<unset>");
    }
}
