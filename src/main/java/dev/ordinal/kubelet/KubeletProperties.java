package dev.ordinal.kubelet;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the simulated kubelet paces pods, under {@code ordinal.kubelet.*}; a pod can override each
 * delay with an annotation (see {@link PodOverrides}).
 *
 * @param startDelay how long a pod bound to a node stays Pending (ContainerCreating) before its
 *                   containers run
 * @param readyDelay how long a running container takes to become ready; a readiness probe's
 *                   initialDelaySeconds, when longer, wins
 * @param stopDelay  how long a deleted pod's containers take to stop, at most its grace period
 * @param podCidr    the cluster's pod network, split into one /24 per node as the node IPAM
 *                   controller does; pods get their IPs from their node's range
 */
@ConfigurationProperties("ordinal.kubelet")
public record KubeletProperties(Duration startDelay, Duration readyDelay, Duration stopDelay, String podCidr) {

    public KubeletProperties {
        if (startDelay == null) {
            startDelay = Duration.ofSeconds(1);
        }
        if (readyDelay == null) {
            readyDelay = Duration.ofSeconds(1);
        }
        if (stopDelay == null) {
            stopDelay = Duration.ofSeconds(1);
        }
        if (podCidr == null) {
            podCidr = "10.244.0.0/16";
        }
    }

    /** The defaults, for tests. */
    public static KubeletProperties defaults() {
        return new KubeletProperties(null, null, null, null);
    }
}
