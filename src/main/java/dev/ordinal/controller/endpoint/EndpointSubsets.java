package dev.ordinal.controller.endpoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.IpAddresses;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.pod.PodConditions;

/**
 * The subsets of a Service's legacy Endpoints, as upstream's endpoints controller computes them
 * in {@code syncService}: one address per selected pod (of the Service's first IP family), ready
 * ones under {@code addresses} and the rest under {@code notReadyAddresses} (all ready with
 * {@code publishNotReadyAddresses}, which also keeps terminating pods), repacked into the
 * canonical form of {@code RepackSubsets}, and truncated to 1000 addresses.
 */
final class EndpointSubsets {

    static final int MAX_CAPACITY = 1000;

    /** Upstream's LessEndpointAddress: by IP text, then by pod uid. */
    private static final Comparator<Address> ADDRESS_ORDER = Comparator
            .comparing((Address a) -> a.json().path("ip").asString(""))
            .thenComparing(a -> a.json().path("targetRef").path("uid").asString(""));

    /**
     * Upstream orders ports and subsets by a hash of their contents; any fixed order gives the same
     * canonical-form guarantee, so ports go by name, number and protocol.
     */
    private static final Comparator<JsonNode> PORT_ORDER = Comparator
            .comparing((JsonNode p) -> p.path("name").asString(""))
            .thenComparingInt(p -> p.path("port").asInt())
            .thenComparing(p -> p.path("protocol").asString(""));

    private EndpointSubsets() {
    }

    /** The subsets, and whether they had to be truncated. */
    record Result(ArrayNode subsets, boolean truncated) {
    }

    static Result of(Unstructured service, List<Unstructured> pods) {
        JsonNode spec = service.json().path("spec");
        boolean publishNotReady = spec.path("publishNotReadyAddresses").asBoolean(false);
        // Per port: the addresses offering it, by IP and pod uid, with whether they are ready.
        Map<String, JsonNode> ports = new LinkedHashMap<>();
        Map<String, Map<String, Address>> addressesByPort = new LinkedHashMap<>();
        for (Unstructured pod : pods) {
            if (!PodEndpoints.shouldBeInEndpoints(pod, publishNotReady)) {
                continue;
            }
            String ip = ipFor(service, pod);
            if (ip == null) {
                continue;
            }
            ObjectNode address = JsonNodeFactory.instance.objectNode().put("ip", ip);
            if (PodEndpoints.shouldSetHostname(pod, service)) {
                address.put("hostname", PodEndpoints.hostname(pod));
            }
            if (!PodEndpoints.nodeName(pod).isEmpty()) {
                address.put("nodeName", PodEndpoints.nodeName(pod));
            }
            address.set("targetRef", PodEndpoints.targetRef(pod));
            boolean ready = publishNotReady || PodConditions.isReady(pod);
            // A headless Service may have no ports; its addresses then have no port to be repacked
            // under, and upstream's RepackSubsets drops them.
            for (JsonNode servicePort : spec.path("ports")) {
                OptionalInt number = PodEndpoints.findPort(pod, servicePort);
                if (number.isEmpty()) {
                    continue;
                }
                ObjectNode port = JsonNodeFactory.instance.objectNode();
                String name = servicePort.path("name").asString("");
                if (!name.isEmpty()) {
                    port.put("name", name);
                }
                port.put("port", number.getAsInt());
                port.put("protocol", servicePort.path("protocol").asString("TCP"));
                if (servicePort.hasNonNull("appProtocol")) {
                    port.put("appProtocol", servicePort.path("appProtocol").asString());
                }
                String portKey = port.toString();
                ports.putIfAbsent(portKey, port);
                // Not ready wins over ready for an address seen twice on one port.
                addressesByPort.computeIfAbsent(portKey, key -> new LinkedHashMap<>())
                        .merge(ip + "/" + pod.uid(), new Address(address, ready),
                                (seen, again) -> seen.ready() ? again : seen);
            }
        }
        // Ports offered by exactly the same addresses share a subset.
        Map<String, List<JsonNode>> portsByAddresses = new LinkedHashMap<>();
        Map<String, List<Address>> addressesByKey = new LinkedHashMap<>();
        addressesByPort.forEach((portKey, addresses) -> {
            List<Address> sorted = addresses.values().stream().sorted(ADDRESS_ORDER).toList();
            String key = sorted.stream().map(a -> a.json() + ":" + a.ready()).toList().toString();
            portsByAddresses.computeIfAbsent(key, k -> new ArrayList<>()).add(ports.get(portKey));
            addressesByKey.put(key, sorted);
        });
        List<ObjectNode> subsets = new ArrayList<>();
        portsByAddresses.forEach((key, subsetPorts) -> {
            ObjectNode subset = JsonNodeFactory.instance.objectNode();
            List<Address> addresses = addressesByKey.get(key);
            addArray(subset, "addresses", addresses.stream().filter(Address::ready).map(Address::json).toList());
            addArray(subset, "notReadyAddresses",
                    addresses.stream().filter(a -> !a.ready()).map(Address::json).toList());
            addArray(subset, "ports", subsetPorts.stream().sorted(PORT_ORDER).toList());
            subsets.add(subset);
        });
        subsets.sort(Comparator.comparing(ObjectNode::toString));
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        subsets.forEach(result::add);
        return new Result(result, truncate(result));
    }

    /**
     * Upstream's {@code truncateEndpoints}: beyond 1000 addresses, not-ready addresses go first,
     * and each subset keeps a share proportional to its size.
     */
    private static boolean truncate(ArrayNode subsets) {
        int totalReady = 0;
        int totalNotReady = 0;
        for (JsonNode subset : subsets) {
            totalReady += subset.path("addresses").size();
            totalNotReady += subset.path("notReadyAddresses").size();
        }
        if (totalReady + totalNotReady <= MAX_CAPACITY) {
            return false;
        }
        boolean truncateReady = totalReady > MAX_CAPACITY;
        int max = truncateReady ? MAX_CAPACITY : MAX_CAPACITY - totalReady;
        int total = truncateReady ? totalReady : totalNotReady;
        int canBeAdded = max;
        for (JsonNode node : subsets) {
            ObjectNode subset = (ObjectNode) node;
            String field = truncateReady ? "addresses" : "notReadyAddresses";
            int inSubset = subset.path(field).size();
            int toBeAdded = Math.min((int) Math.ceil((double) inSubset / total * max), canBeAdded);
            ArrayNode kept = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < Math.min(toBeAdded, inSubset); i++) {
                kept.add(subset.path(field).get(i));
            }
            if (kept.isEmpty()) {
                subset.remove(field);
            } else {
                subset.set(field, kept);
            }
            if (truncateReady) {
                subset.remove("notReadyAddresses");
            }
            canBeAdded -= kept.size();
        }
        return true;
    }

    /**
     * The pod IP of the Service's first IP family (upstream's podToEndpointAddressForService), or
     * null when the pod has none of that family.
     */
    private static String ipFor(Unstructured service, Unstructured pod) {
        JsonNode spec = service.json().path("spec");
        List<String> ips = PodEndpoints.ips(pod);
        boolean ipv6;
        if (!spec.path("ipFamilies").isEmpty()) {
            ipv6 = spec.path("ipFamilies").get(0).asString("").equals("IPv6");
        } else if (PodEndpoints.hasClusterIp(service)) {
            ipv6 = IpAddresses.isIpv6(spec.path("clusterIP").asString(""));
        } else {
            ipv6 = IpAddresses.isIpv6(ips.get(0));
        }
        return ips.stream().filter(ip -> IpAddresses.isIpv6(ip) == ipv6).findFirst().orElse(null);
    }

    private static void addArray(ObjectNode subset, String field, List<JsonNode> values) {
        if (!values.isEmpty()) {
            ArrayNode array = subset.putArray(field);
            values.forEach(array::add);
        }
    }

    private record Address(JsonNode json, boolean ready) {
    }
}
