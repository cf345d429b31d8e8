package dev.ordinal.kubelet;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The simulated Nodes, under {@code ordinal.nodes.*}: how many there are and what each reports.
 * Nodes are named as kind names its workers: {@code ordinal-worker}, {@code ordinal-worker2}, ...
 *
 * @param count                how many Nodes exist; missing ones are created at start
 * @param cidr                 the node network; node n (from 0) gets its host address n + 2, as
 *                             kind's nodes do behind the gateway at .1
 * @param cpu                  each node's cpu capacity (and allocatable)
 * @param memory               each node's memory capacity
 * @param ephemeralStorage     each node's ephemeral-storage capacity
 * @param pods                 how many pods a node takes (the kubelet's maxPods)
 * @param region               the topology.kubernetes.io/region label
 * @param zones                the topology.kubernetes.io/zone labels, given out round robin
 * @param statusReportInterval how often a node reports its status when nothing changed
 *                             (upstream's nodeStatusReportFrequency)
 * @param leaseRenewInterval   how often a node renews its Lease in kube-node-lease
 */
@ConfigurationProperties("ordinal.nodes")
public record NodeProperties(Integer count, String cidr, String cpu, String memory, String ephemeralStorage,
                             Integer pods, String region, List<String> zones, Duration statusReportInterval,
                             Duration leaseRenewInterval) {

    public NodeProperties {
        if (count == null) {
            count = 3;
        }
        if (cidr == null) {
            cidr = "172.18.0.0/16";
        }
        if (cpu == null) {
            cpu = "8";
        }
        if (memory == null) {
            memory = "16Gi";
        }
        if (ephemeralStorage == null) {
            ephemeralStorage = "100Gi";
        }
        if (pods == null) {
            pods = 110;
        }
        if (region == null) {
            region = "ordinal";
        }
        if (zones == null || zones.isEmpty()) {
            zones = List.of("ordinal-a", "ordinal-b", "ordinal-c");
        }
        if (statusReportInterval == null) {
            statusReportInterval = Duration.ofMinutes(5);
        }
        if (leaseRenewInterval == null) {
            leaseRenewInterval = Duration.ofSeconds(10);
        }
    }

    public static NodeProperties defaults() {
        return new NodeProperties(null, null, null, null, null, null, null, null, null, null);
    }

    /** The name of node {@code index} (from 0): ordinal-worker, ordinal-worker2, ... */
    public static String nodeName(int index) {
        return index == 0 ? "ordinal-worker" : "ordinal-worker" + (index + 1);
    }
}
