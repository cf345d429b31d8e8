package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/** {@code kubectl get services}: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, wide SELECTOR. */
public final class ServiceTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.string("Type", "How the service is reached: ClusterIP, NodePort, LoadBalancer or ExternalName."),
            Column.string("Cluster-IP", "The service's virtual IP inside the cluster; None when it is headless."),
            Column.string("External-IP", "Addresses outside the cluster that lead to the service."),
            Column.string("Port(s)", "The service's ports and protocols, with the node port where one is open."),
            Columns.AGE,
            Column.wide("Selector", "Labels that pick the pods behind the service."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Unstructured service, Instant now) {
        JsonNode spec = service.at("spec");
        String ports = ports(spec.path("ports"));
        return List.of(service.name(), Fields.text(spec, "type"), clusterIp(spec), externalIp(service),
                ports.isEmpty() ? "<none>" : ports, Timestamps.age(service, now),
                Fields.labels(spec.path("selector")));
    }

    /**
     * The first cluster IP. Reading v1, upstream takes clusterIP over clusterIPs where both are set
     * and disagree, and clusterIP alone where clusterIPs is empty.
     */
    private static String clusterIp(JsonNode spec) {
        String clusterIp = Fields.text(spec, "clusterIP");
        if (!clusterIp.isEmpty()) {
            return clusterIp;
        }
        List<JsonNode> clusterIps = Fields.items(spec.path("clusterIPs"));
        return clusterIps.isEmpty() ? "<none>" : Fields.text(clusterIps.get(0));
    }

    private static String externalIp(Unstructured service) {
        JsonNode spec = service.at("spec");
        List<String> externalIps = new ArrayList<>();
        Fields.items(spec.path("externalIPs")).forEach(ip -> externalIps.add(Fields.text(ip)));
        switch (Fields.text(spec, "type")) {
            case "ClusterIP", "NodePort" -> {
                return externalIps.isEmpty() ? "<none>" : String.join(",", externalIps);
            }
            case "LoadBalancer" -> {
                List<String> addresses = new ArrayList<>(loadBalancerAddresses(service.at("status.loadBalancer")));
                addresses.addAll(externalIps);
                return addresses.isEmpty() ? "<pending>" : String.join(",", addresses);
            }
            case "ExternalName" -> {
                return Fields.text(spec, "externalName");
            }
            default -> {
                return "<unknown>";
            }
        }
    }

    /** The load balancer's ingress points, each its IP or else its hostname, sorted and distinct. */
    private static TreeSet<String> loadBalancerAddresses(JsonNode loadBalancer) {
        TreeSet<String> addresses = new TreeSet<>();
        for (JsonNode ingress : Fields.items(loadBalancer.path("ingress"))) {
            String ip = Fields.text(ingress, "ip");
            String hostname = Fields.text(ingress, "hostname");
            if (!ip.isEmpty()) {
                addresses.add(ip);
            } else if (!hostname.isEmpty()) {
                addresses.add(hostname);
            }
        }
        return addresses;
    }

    /** {@code port/protocol}, or {@code port:nodePort/protocol} where a node port is allocated. */
    private static String ports(JsonNode ports) {
        StringJoiner joined = new StringJoiner(",");
        for (JsonNode port : Fields.items(ports)) {
            long nodePort = Fields.number(port.path("nodePort"));
            String protocol = Fields.text(port, "protocol");
            long number = Fields.number(port.path("port"));
            joined.add(nodePort > 0 ? number + ":" + nodePort + "/" + protocol : number + "/" + protocol);
        }
        return joined.toString();
    }
}
