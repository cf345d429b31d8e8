package dev.ordinal.kubelet;

import java.util.HashMap;
import java.util.Map;

/**
 * Hands out pod IPs from a node's pod CIDR as the host-local IPAM plugin does: never the network
 * address, the gateway (.1) or the broadcast address; round robin after the address handed out
 * last, so a freed address is not reused at once; and an address stays taken while its pod exists.
 */
final class PodIpAllocator {

    private final Map<String, String> ipByPod = new HashMap<>();
    private final Map<String, String> podByIp = new HashMap<>();
    private final Map<Ipv4Cidr, Long> lastOffset = new HashMap<>();

    /** The pod's address: the one it already holds, or the next free one in {@code range}. */
    synchronized String allocate(String podUid, Ipv4Cidr range) {
        String held = ipByPod.get(podUid);
        if (held != null) {
            return held;
        }
        long first = 2;
        long count = range.size() - 3;
        long previous = lastOffset.getOrDefault(range, first - 1);
        for (long step = 1; step <= count; step++) {
            long offset = first + Math.floorMod(previous - first + step, count);
            String ip = range.address(offset);
            if (!podByIp.containsKey(ip)) {
                lastOffset.put(range, offset);
                reserve(podUid, ip);
                return ip;
            }
        }
        throw new IllegalStateException("no IP addresses available in range " + range);
    }

    /** Records an address a pod already has, e.g. from before a restart. */
    synchronized void reserve(String podUid, String ip) {
        ipByPod.put(podUid, ip);
        podByIp.put(ip, podUid);
    }

    synchronized void release(String podUid) {
        String ip = ipByPod.remove(podUid);
        if (ip != null) {
            podByIp.remove(ip, podUid);
        }
    }
}
