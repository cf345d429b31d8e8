package dev.ordinal.kubelet;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;

/**
 * The files the kubelet writes into every container of a pod, with upstream's content:
 * {@code /etc/hosts} ({@code managedHostsFileContent} in {@code pkg/kubelet/kubelet_pods.go}),
 * {@code /etc/resolv.conf} (the ClusterFirst configuration of {@code pkg/kubelet/network/dns},
 * written by the runtime as search, nameservers, options) and {@code /etc/hostname}.
 */
final class ManagedFiles {

    private ManagedFiles() {
    }

    /**
     * The pod's hostname: {@code spec.hostname}, else its name, cut to 63 characters without a
     * trailing dash or dot ({@code GeneratePodHostNameAndDomain}).
     */
    static String hostname(Unstructured pod) {
        String hostname = pod.json().path("spec").path("hostname").asString("");
        if (hostname.isEmpty()) {
            hostname = pod.name();
        }
        if (hostname.length() > 63) {
            hostname = hostname.substring(0, 63).replaceAll("[-.]+$", "");
        }
        return hostname;
    }

    /** {@code <subdomain>.<namespace>.svc.<zone>}, or empty when the pod has no subdomain. */
    static String domain(Unstructured pod, String clusterDomain) {
        String subdomain = pod.json().path("spec").path("subdomain").asString("");
        return subdomain.isEmpty() ? "" : subdomain + "." + pod.namespace() + ".svc." + clusterDomain;
    }

    static String hosts(Unstructured pod, String clusterDomain) {
        String hostname = hostname(pod);
        String domain = domain(pod, clusterDomain);
        StringBuilder hosts = new StringBuilder("# Kubernetes-managed hosts file.\n")
                .append("127.0.0.1\tlocalhost\n")
                .append("::1\tlocalhost ip6-localhost ip6-loopback\n")
                .append("fe00::0\tip6-localnet\n")
                .append("fe00::0\tip6-mcastprefix\n")
                .append("fe00::1\tip6-allnodes\n")
                .append("fe00::2\tip6-allrouters\n");
        for (String ip : podIps(pod)) {
            hosts.append(ip).append('\t');
            if (!domain.isEmpty()) {
                hosts.append(hostname).append('.').append(domain).append('\t');
            }
            hosts.append(hostname).append('\n');
        }
        JsonNode aliases = pod.json().path("spec").path("hostAliases");
        if (!aliases.isEmpty()) {
            hosts.append("\n# Entries added by HostAliases.\n");
            for (JsonNode alias : aliases) {
                List<String> names = new ArrayList<>();
                alias.path("hostnames").forEach(name -> names.add(name.asString("")));
                hosts.append(alias.path("ip").asString("")).append('\t').append(String.join("\t", names)).append('\n');
            }
        }
        return hosts.toString();
    }

    /**
     * ClusterFirst (the default policy): the three cluster search domains then the pod's
     * {@code dnsConfig} searches, the cluster DNS server then the pod's, {@code ndots:5} merged
     * with the pod's options by name; {@code None} takes only the pod's {@code dnsConfig}.
     */
    static String resolvConf(Unstructured pod, String clusterDomain, String clusterDns) {
        JsonNode spec = pod.json().path("spec");
        JsonNode dnsConfig = spec.path("dnsConfig");
        boolean none = spec.path("dnsPolicy").asString("ClusterFirst").equals("None");
        Set<String> searches = new LinkedHashSet<>();
        List<String> nameservers = new ArrayList<>();
        List<String> options = new ArrayList<>();
        if (!none) {
            searches.add(pod.namespace() + ".svc." + clusterDomain);
            searches.add("svc." + clusterDomain);
            searches.add(clusterDomain);
            if (!clusterDns.isEmpty()) {
                nameservers.add(clusterDns);
            }
            options.add("ndots:5");
        }
        dnsConfig.path("searches").forEach(search -> searches.add(search.asString("")));
        dnsConfig.path("nameservers").forEach(server -> nameservers.add(server.asString("")));
        for (JsonNode option : dnsConfig.path("options")) {
            String name = option.path("name").asString("");
            String value = option.hasNonNull("value") ? name + ":" + option.path("value").asString("") : name;
            options.removeIf(existing -> existing.equals(name) || existing.startsWith(name + ":"));
            options.add(value);
        }
        StringBuilder conf = new StringBuilder();
        if (!searches.isEmpty()) {
            conf.append("search ").append(String.join(" ", searches)).append('\n');
        }
        nameservers.stream().limit(3).forEach(server -> conf.append("nameserver ").append(server).append('\n'));
        if (!options.isEmpty()) {
            conf.append("options ").append(String.join(" ", options)).append('\n');
        }
        return conf.toString();
    }

    private static List<String> podIps(Unstructured pod) {
        List<String> ips = new ArrayList<>();
        pod.json().path("status").path("podIPs").forEach(ip -> ips.add(ip.path("ip").asString("")));
        if (ips.isEmpty() && pod.json().path("status").hasNonNull("podIP")) {
            ips.add(pod.json().path("status").path("podIP").asString(""));
        }
        return ips;
    }
}
