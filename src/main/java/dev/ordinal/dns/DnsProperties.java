package dev.ordinal.dns;

import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code ordinal.dns}, after the options of CoreDNS's kubernetes plugin.
 *
 * @param clusterDomain the zone Services and pods live in, kubelet's {@code --cluster-domain}
 * @param ttl           the TTL of answers in seconds (the plugin's {@code ttl}, default 5, 0 to 3600)
 * @param pods          how {@code a-b-c-d.<ns>.pod.<zone>} names are answered (the plugin's {@code pods})
 * @param address       the address the DNS server binds
 * @param port          the UDP and TCP port of the DNS server; 0 picks a free one
 */
@ConfigurationProperties("ordinal.dns")
public record DnsProperties(String clusterDomain, Long ttl, PodMode pods, String address, Integer port) {

    /** The plugin's pod modes. */
    public enum PodMode {
        /** No pod records: every pod name is NXDOMAIN (the plugin's default). */
        DISABLED,
        /** Any IP-shaped name in an existing namespace answers its IP (kubeadm's Corefile). */
        INSECURE,
        /** Only the IP of a pod that exists in that namespace answers. */
        VERIFIED
    }

    public DnsProperties {
        clusterDomain = clusterDomain == null || clusterDomain.isBlank() ? "cluster.local"
                : clusterDomain.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        if (ttl == null) {
            ttl = 5L;
        }
        if (ttl < 0 || ttl > 3600) {
            throw new IllegalArgumentException("ordinal.dns.ttl must be between 0 and 3600 seconds, got " + ttl);
        }
        if (pods == null) {
            pods = PodMode.INSECURE;
        }
        if (address == null || address.isBlank()) {
            address = "127.0.0.1";
        }
        if (port == null) {
            port = 10053;
        }
    }
}
