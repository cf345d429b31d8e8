package dev.ordinal.registry.core.ipallocator;

import java.util.Arrays;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code ordinal.services}.
 *
 * @param clusterIpRange the service CIDR cluster IPs come from, kube-apiserver's
 *                       {@code --service-cluster-ip-range}: one CIDR, or two of different
 *                       families for a dual-stack cluster (the first is the default family)
 */
@ConfigurationProperties("ordinal.services")
public record ServiceNetworkProperties(String clusterIpRange) {

    public ServiceNetworkProperties {
        if (clusterIpRange == null || clusterIpRange.isBlank()) {
            clusterIpRange = "10.96.0.0/12";
        }
    }

    /**
     * The address {@code index} places into the primary range, as upstream's
     * {@code GetIndexedIP}: 1 is the {@code kubernetes} Service's, 10 kubeadm's cluster DNS
     * address ({@code kube-dns}, the nameserver of every pod's {@code /etc/resolv.conf}).
     */
    public String indexedAddress(int index) {
        return ranges().get(0).addressAt(index - 1);
    }

    List<ServiceCidr> ranges() {
        List<ServiceCidr> ranges = Arrays.stream(clusterIpRange.split(",")).map(String::trim)
                .map(ServiceCidr::parse).toList();
        if (ranges.size() > 2 || ranges.size() == 2 && ranges.get(0).ipv6() == ranges.get(1).ipv6()) {
            throw new IllegalArgumentException("ordinal.services.cluster-ip-range: expected one CIDR, or two of "
                    + "different IP families, got " + clusterIpRange);
        }
        return ranges;
    }
}
