package dev.ordinal.controller.endpoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.IpAddresses;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.pod.PodConditions;

/**
 * Decides which EndpointSlices of a Service to create, update and delete, as upstream's
 * EndpointSlice reconciler ({@code k8s.io/endpointslice/reconciler.go}) does: per address type,
 * endpoints grouped by the ports they resolve to, existing slices kept and refilled before new
 * ones are made, at most {@code maxEndpointsPerSlice} endpoints a slice, and a placeholder slice
 * without endpoints when a Service has none. It only decides; the controller writes.
 */
final class EndpointSliceReconciler {

    static final String LABEL_SERVICE_NAME = "kubernetes.io/service-name";
    static final String LABEL_MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
    static final String CONTROLLER_NAME = "endpointslice-controller.k8s.io";
    static final String LABEL_HEADLESS = "service.kubernetes.io/headless";
    static final String LABEL_ZONE = "topology.kubernetes.io/zone";

    private final int maxEndpointsPerSlice;

    EndpointSliceReconciler(int maxEndpointsPerSlice) {
        this.maxEndpointsPerSlice = maxEndpointsPerSlice;
    }

    /**
     * The writes to make. Pods whose node does not exist are left out (unless the Service
     * publishes not-ready addresses) and named in {@code podsWithoutNode}, so the caller retries.
     */
    record Plan(List<Unstructured> toCreate, List<Unstructured> toUpdate, List<Unstructured> toDelete,
                List<String> podsWithoutNode) {
    }

    Plan reconcile(Unstructured service, List<Unstructured> pods, Function<String, Optional<Unstructured>> nodes,
                   List<Unstructured> existingSlices) {
        Set<String> addressTypes = addressTypes(service);
        List<Unstructured> toCreate = new ArrayList<>();
        List<Unstructured> toUpdate = new ArrayList<>();
        List<Unstructured> toDelete = new ArrayList<>();
        List<String> podsWithoutNode = new ArrayList<>();
        Map<String, List<Unstructured>> slicesByType = new LinkedHashMap<>();
        for (Unstructured slice : existingSlices) {
            String type = slice.json().path("addressType").asString("");
            if (addressTypes.contains(type)) {
                slicesByType.computeIfAbsent(type, t -> new ArrayList<>()).add(slice);
            } else {
                toDelete.add(slice);
            }
        }
        for (String type : addressTypes) {
            reconcileByAddressType(service, pods, nodes, slicesByType.getOrDefault(type, List.of()), type,
                    toCreate, toUpdate, toDelete, podsWithoutNode);
        }
        return new Plan(toCreate, toUpdate, toDelete, List.copyOf(new LinkedHashSet<>(podsWithoutNode)));
    }

    private void reconcileByAddressType(Unstructured service, List<Unstructured> pods,
                                        Function<String, Optional<Unstructured>> nodes, List<Unstructured> existing,
                                        String addressType, List<Unstructured> allToCreate,
                                        List<Unstructured> allToUpdate, List<Unstructured> allToDelete,
                                        List<String> podsWithoutNode) {
        List<Unstructured> toCreate = new ArrayList<>();
        List<Unstructured> toUpdate = new ArrayList<>();
        List<Unstructured> toDelete = new ArrayList<>();
        Map<String, List<Unstructured>> existingByPorts = new LinkedHashMap<>();
        for (Unstructured slice : existing) {
            if (ownedBy(slice, service)) {
                existingByPorts.computeIfAbsent(portsKey(slice.json().path("ports")), k -> new ArrayList<>())
                        .add(slice);
            } else {
                toDelete.add(slice);
            }
        }
        boolean publishNotReady = service.json().path("spec").path("publishNotReadyAddresses").asBoolean(false);
        Map<String, ArrayNode> desiredPorts = new LinkedHashMap<>();
        Map<String, Map<String, ObjectNode>> desiredByPorts = new LinkedHashMap<>();
        for (Unstructured pod : pods) {
            if (!PodEndpoints.shouldBeInEndpoints(pod, true)) {
                continue;
            }
            ArrayNode ports = endpointPorts(service, pod);
            String key = portsKey(ports);
            desiredPorts.putIfAbsent(key, ports);
            Map<String, ObjectNode> desired = desiredByPorts.computeIfAbsent(key, k -> new LinkedHashMap<>());
            Optional<Unstructured> node = nodes.apply(PodEndpoints.nodeName(pod));
            if (node.isEmpty() && !publishNotReady) {
                // Upstream skips such a pod and requeues the Service, so a pod bound to a vanished
                // node cannot hold a slice update back for good.
                podsWithoutNode.add(pod.name());
                continue;
            }
            ObjectNode endpoint = endpoint(pod, node.orElse(null), service, addressType);
            if (!endpoint.path("addresses").isEmpty()) {
                desired.put(endpointKey(endpoint), endpoint);
            }
        }
        desiredByPorts.forEach((key, desired) -> reconcileByPorts(service, addressType, desiredPorts.get(key),
                existingByPorts.getOrDefault(key, List.of()), desired, toCreate, toUpdate, toDelete));
        existingByPorts.forEach((key, slices) -> {
            if (!desiredByPorts.containsKey(key)) {
                toDelete.addAll(slices);
            }
        });
        if (existing.size() == toDelete.size() && toCreate.isEmpty()) {
            Unstructured placeholder = newSlice(service, JsonNodeFactory.instance.arrayNode(), addressType);
            if (toDelete.size() == 1 && samePlaceholder(toDelete.get(0), placeholder)) {
                toDelete.clear();
            } else {
                toCreate.add(placeholder);
            }
        }
        // Creates become updates of slices that would otherwise be deleted (upstream's finalize).
        for (int i = 0; i < toDelete.size() && !toCreate.isEmpty(); ) {
            Unstructured doomed = toDelete.get(i);
            if (ownedBy(doomed, service)
                    && doomed.json().path("addressType").asString("").equals(addressType)) {
                Unstructured reused = toCreate.remove(toCreate.size() - 1);
                reused.metadata().remove("generateName");
                reused.setMeta("name", doomed.name());
                toUpdate.add(reused);
                toDelete.remove(i);
            } else {
                i++;
            }
        }
        allToCreate.addAll(toCreate);
        allToUpdate.addAll(toUpdate);
        allToDelete.addAll(toDelete);
    }

    /** Upstream's {@code reconcileByPortMapping} for the slices of one set of ports. */
    private void reconcileByPorts(Unstructured service, String addressType, ArrayNode ports,
                                  List<Unstructured> existing, Map<String, ObjectNode> desired,
                                  List<Unstructured> toCreate, List<Unstructured> toUpdate,
                                  List<Unstructured> toDelete) {
        Map<String, Unstructured> byName = new LinkedHashMap<>();
        Set<String> unchanged = new LinkedHashSet<>();
        Set<String> updated = new LinkedHashSet<>();
        // 1. Keep the endpoints still desired, take up their changes, drop the rest.
        for (Unstructured slice : existing) {
            byName.put(slice.name(), slice);
            List<JsonNode> kept = new ArrayList<>();
            boolean endpointChanged = false;
            JsonNode endpoints = slice.json().path("endpoints");
            for (JsonNode endpoint : endpoints) {
                ObjectNode wanted = desired.remove(endpointKey(endpoint));
                if (wanted != null) {
                    kept.add(wanted);
                    endpointChanged |= !wanted.equals(endpoint);
                }
            }
            ObjectNode labels = labels(service);
            boolean labelsChanged = !userLabels(slice.json().path("metadata").path("labels"))
                    .equals(userLabels(service.json().path("metadata").path("labels")));
            if (endpointChanged || endpoints.size() != kept.size()) {
                if (kept.isEmpty()) {
                    toDelete.add(slice);
                } else {
                    Unstructured copy = slice.deepCopy();
                    setEndpoints(copy, kept);
                    copy.metadata().set("labels", labels);
                    byName.put(copy.name(), copy);
                    updated.add(copy.name());
                }
            } else if (labelsChanged) {
                Unstructured copy = slice.deepCopy();
                copy.metadata().set("labels", labels);
                byName.put(copy.name(), copy);
                updated.add(copy.name());
            } else {
                unchanged.add(slice.name());
            }
        }
        // 2. Fill the slices being updated anyway, fullest first.
        if (!desired.isEmpty()) {
            List<Unstructured> filling = updated.stream().map(byName::get)
                    .sorted(Comparator.comparingInt((Unstructured s) -> s.json().path("endpoints").size()).reversed())
                    .toList();
            for (Unstructured slice : filling) {
                fill(slice, desired);
            }
        }
        // 3. Put what is left in one unchanged slice that has room for all of it, or in new slices.
        while (!desired.isEmpty()) {
            Unstructured slice = null;
            if (desired.size() < maxEndpointsPerSlice && !unchanged.isEmpty()) {
                slice = sliceToFill(unchanged.stream().map(byName::get).toList(), desired.size());
            }
            if (slice == null) {
                slice = newSlice(service, ports, addressType);
            } else {
                slice = slice.deepCopy();
                byName.put(slice.name(), slice);
            }
            fill(slice, desired);
            if (slice.name().isEmpty()) {
                toCreate.add(slice);
            } else {
                updated.add(slice.name());
                unchanged.remove(slice.name());
            }
        }
        updated.forEach(name -> toUpdate.add(byName.get(name)));
    }

    private void fill(Unstructured slice, Map<String, ObjectNode> desired) {
        List<JsonNode> endpoints = new ArrayList<>();
        slice.json().path("endpoints").forEach(endpoints::add);
        var remaining = desired.entrySet().iterator();
        while (remaining.hasNext() && endpoints.size() < maxEndpointsPerSlice) {
            endpoints.add(remaining.next().getValue());
            remaining.remove();
        }
        setEndpoints(slice, endpoints);
    }

    /** The unchanged slice that would be closest to full with {@code count} more endpoints. */
    private Unstructured sliceToFill(List<Unstructured> slices, int count) {
        int closestDiff = maxEndpointsPerSlice;
        Unstructured closest = null;
        for (Unstructured slice : slices) {
            int diff = maxEndpointsPerSlice - (count + slice.json().path("endpoints").size());
            if (diff >= 0 && diff < closestDiff) {
                closestDiff = diff;
                closest = slice;
                if (diff == 0) {
                    break;
                }
            }
        }
        return closest;
    }

    /** Upstream's {@code podToEndpoint}. */
    static ObjectNode endpoint(Unstructured pod, Unstructured node, Unstructured service, String addressType) {
        boolean serving = PodConditions.isReady(pod);
        boolean terminating = pod.isBeingDeleted();
        // Ready is never true for a terminating pod, unless the Service publishes not-ready addresses.
        boolean ready = service.json().path("spec").path("publishNotReadyAddresses").asBoolean(false)
                || serving && !terminating;
        ObjectNode endpoint = JsonNodeFactory.instance.objectNode();
        ArrayNode addresses = endpoint.putArray("addresses");
        PodEndpoints.ips(pod).stream()
                .filter(ip -> IpAddresses.isIpv6(ip) == addressType.equals("IPv6"))
                .forEach(addresses::add);
        endpoint.putObject("conditions").put("ready", ready).put("serving", serving).put("terminating", terminating);
        if (PodEndpoints.shouldSetHostname(pod, service)) {
            endpoint.put("hostname", PodEndpoints.hostname(pod));
        }
        endpoint.set("targetRef", PodEndpoints.targetRef(pod));
        if (!PodEndpoints.nodeName(pod).isEmpty()) {
            endpoint.put("nodeName", PodEndpoints.nodeName(pod));
        }
        String zone = node == null ? "" : node.labels().getOrDefault(LABEL_ZONE, "");
        if (!zone.isEmpty()) {
            endpoint.put("zone", zone);
        }
        return endpoint;
    }

    /** One port per Service port the pod resolves (upstream's {@code getEndpointPorts}). */
    private static ArrayNode endpointPorts(Unstructured service, Unstructured pod) {
        List<ObjectNode> ports = new ArrayList<>();
        for (JsonNode servicePort : service.json().path("spec").path("ports")) {
            OptionalInt number = PodEndpoints.findPort(pod, servicePort);
            if (number.isEmpty()) {
                continue;
            }
            ObjectNode port = JsonNodeFactory.instance.objectNode();
            port.put("name", servicePort.path("name").asString(""));
            port.put("protocol", servicePort.path("protocol").asString("TCP"));
            port.put("port", number.getAsInt());
            if (servicePort.hasNonNull("appProtocol")) {
                port.put("appProtocol", servicePort.path("appProtocol").asString());
            }
            ports.add(port);
        }
        ports.sort(Comparator.comparing(ObjectNode::toString));
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        ports.forEach(array::add);
        return array;
    }

    /** Upstream's {@code newEndpointSlice}: named by generateName, owned by its Service. */
    private static Unstructured newSlice(Unstructured service, ArrayNode ports, String addressType) {
        Unstructured slice = Unstructured.empty();
        slice.json().put("apiVersion", "discovery.k8s.io/v1");
        slice.json().put("kind", "EndpointSlice");
        ObjectNode metadata = slice.metadata();
        metadata.put("generateName", service.name() + "-");
        metadata.put("namespace", service.namespace());
        metadata.set("labels", labels(service));
        metadata.putArray("ownerReferences").addObject()
                .put("apiVersion", "v1")
                .put("kind", "Service")
                .put("name", service.name())
                .put("uid", service.uid())
                .put("controller", true)
                .put("blockOwnerDeletion", true);
        slice.json().put("addressType", addressType);
        setEndpoints(slice, List.of());
        if (ports.isEmpty()) {
            slice.json().putNull("ports");
        } else {
            slice.json().set("ports", ports.deepCopy());
        }
        return slice;
    }

    /**
     * Empty lists are null, as they come back from the API server's storage (and as kubectl then
     * shows a placeholder slice).
     */
    private static void setEndpoints(Unstructured slice, List<JsonNode> endpoints) {
        if (endpoints.isEmpty()) {
            slice.json().putNull("endpoints");
        } else {
            ArrayNode array = slice.json().putArray("endpoints");
            endpoints.forEach(array::add);
        }
    }

    /**
     * Upstream's {@code setEndpointSliceLabels}: the Service's labels, except the reserved ones,
     * plus the Service name, the managing controller and, for a headless Service, the headless label.
     */
    static ObjectNode labels(Unstructured service) {
        ObjectNode labels = userLabels(service.json().path("metadata").path("labels"));
        if (!PodEndpoints.hasClusterIp(service)) {
            labels.put(LABEL_HEADLESS, "");
        }
        labels.put(LABEL_SERVICE_NAME, service.name());
        labels.put(LABEL_MANAGED_BY, CONTROLLER_NAME);
        return labels;
    }

    private static ObjectNode userLabels(JsonNode labels) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        labels.properties().forEach(entry -> {
            String key = entry.getKey();
            if (!key.equals(LABEL_SERVICE_NAME) && !key.equals(LABEL_MANAGED_BY) && !key.equals(LABEL_HEADLESS)) {
                result.set(key, entry.getValue());
            }
        });
        return result;
    }

    /** The address types a Service's slices have (upstream's {@code getAddressTypesForService}). */
    static Set<String> addressTypes(Unstructured service) {
        JsonNode spec = service.json().path("spec");
        Set<String> types = new LinkedHashSet<>();
        for (JsonNode family : spec.path("ipFamilies")) {
            if (family.asString("").equals("IPv4") || family.asString("").equals("IPv6")) {
                types.add(family.asString());
            }
        }
        if (!types.isEmpty()) {
            return types;
        }
        if (PodEndpoints.hasClusterIp(service)) {
            return Set.of(IpAddresses.isIpv6(spec.path("clusterIP").asString("")) ? "IPv6" : "IPv4");
        }
        return new LinkedHashSet<>(List.of("IPv4", "IPv6"));
    }

    private static boolean ownedBy(Unstructured slice, Unstructured service) {
        for (JsonNode owner : slice.json().path("metadata").path("ownerReferences")) {
            if (owner.path("uid").asString("").equals(service.uid())
                    && owner.path("kind").asString("").equals("Service")
                    && owner.path("apiVersion").asString("").equals("v1")) {
                return true;
            }
        }
        return false;
    }

    /** Upstream's {@code placeholderSliceCompare}: namespace, labels, owners and content. */
    private static boolean samePlaceholder(Unstructured existing, Unstructured placeholder) {
        JsonNode a = existing.json();
        JsonNode b = placeholder.json();
        return existing.namespace().equals(placeholder.namespace())
                && a.path("metadata").path("labels").equals(b.path("metadata").path("labels"))
                && a.path("metadata").path("ownerReferences").equals(b.path("metadata").path("ownerReferences"))
                && a.path("addressType").equals(b.path("addressType"))
                && a.path("endpoints").isEmpty() && a.path("ports").isEmpty();
    }

    /** Endpoints are the same endpoint when addresses, hostname and pod match (upstream's hashEndpoint). */
    private static String endpointKey(JsonNode endpoint) {
        List<String> addresses = new ArrayList<>();
        endpoint.path("addresses").forEach(address -> addresses.add(address.asString("")));
        addresses.sort(null);
        JsonNode ref = endpoint.path("targetRef");
        return addresses + "|" + endpoint.path("hostname").asString("") + "|"
                + ref.path("namespace").asString("") + "/" + ref.path("name").asString("");
    }

    private static String portsKey(JsonNode ports) {
        List<String> keys = new ArrayList<>();
        ports.forEach(port -> keys.add(port.toString()));
        keys.sort(null);
        return keys.toString();
    }
}
