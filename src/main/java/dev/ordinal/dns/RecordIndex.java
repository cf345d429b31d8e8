package dev.ordinal.dns;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.IpAddresses;
import dev.ordinal.machinery.Unstructured;

/**
 * What cluster DNS knows: Services, the ready endpoints of their EndpointSlices, namespaces and pod
 * IPs, kept as CoreDNS's kubernetes plugin keeps them (only endpoints whose {@code ready}
 * condition is true or unset are loaded), with the lookups its answers need. Names are matched
 * case-insensitively. Informer events update it; queries read it concurrently.
 */
public final class RecordIndex {

    /** A Service port; port -1 stands for "no ports", as in the plugin. */
    public record Port(String name, String protocol, int port) {
    }

    public record Service(String namespace, String name, String type, List<String> clusterIps, String externalName,
                          List<Port> ports) {

        public boolean headless() {
            return !clusterIps.isEmpty() && clusterIps.get(0).equals("None");
        }
    }

    /** A ready endpoint address; {@code podUid} is empty when the endpoint targets no pod. */
    public record Address(String ip, String hostname, String podUid) {
    }

    /** One EndpointSlice of a Service, reduced to its ports and ready addresses. */
    public record Slice(String namespace, String service, List<Port> ports, List<Address> addresses) {
    }

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Clock clock;
    private final Map<String, Service> services = new HashMap<>();
    private final Map<String, Set<String>> servicesByClusterIp = new HashMap<>();
    private final Map<String, Slice> slices = new HashMap<>();
    private final Map<String, Set<String>> slicesByService = new HashMap<>();
    private final Map<String, Set<String>> slicesByIp = new HashMap<>();
    private final Set<String> namespaces = new HashSet<>();
    private final Map<String, Map<String, String>> podNamespacesByIp = new HashMap<>();
    private final Map<String, List<String>> podIps = new HashMap<>();
    private volatile long modified;

    public RecordIndex(Clock clock) {
        this.clock = clock;
        this.modified = clock.instant().getEpochSecond();
    }

    // ---- updates from informer events ----

    public void putService(Unstructured object) {
        JsonNode spec = object.json().path("spec");
        List<String> clusterIps = new ArrayList<>();
        spec.path("clusterIPs").forEach(ip -> clusterIps.add(canonicalOrAsIs(ip.asString(""))));
        if (clusterIps.isEmpty() && !spec.path("clusterIP").asString("").isEmpty()) {
            clusterIps.add(canonicalOrAsIs(spec.path("clusterIP").asString()));
        }
        List<Port> ports = new ArrayList<>();
        for (JsonNode port : spec.path("ports")) {
            ports.add(new Port(port.path("name").asString(""), port.path("protocol").asString("TCP"),
                    port.path("port").asInt()));
        }
        Service service = new Service(object.namespace(), object.name(), spec.path("type").asString("ClusterIP"),
                clusterIps, spec.path("externalName").asString(""), ports);
        write(() -> {
            String key = key(object.namespace(), object.name());
            unindexService(services.put(key, service));
            service.clusterIps().forEach(ip -> servicesByClusterIp.computeIfAbsent(ip, i -> new HashSet<>()).add(key));
        });
    }

    public void removeService(Unstructured object) {
        write(() -> unindexService(services.remove(key(object.namespace(), object.name()))));
    }

    /**
     * Loads an EndpointSlice; answers the uids of the pods of its Service that this made
     * resolvable (ready now, not before), for the DNS programming latency.
     */
    public Set<String> putSlice(Unstructured object) {
        String service = object.labels().getOrDefault("kubernetes.io/service-name", "");
        List<Port> ports = new ArrayList<>();
        for (JsonNode port : object.json().path("ports")) {
            ports.add(new Port(port.path("name").asString(""), port.path("protocol").asString(""),
                    port.path("port").isNumber() ? port.path("port").asInt() : -1));
        }
        List<Address> addresses = new ArrayList<>();
        for (JsonNode endpoint : object.json().path("endpoints")) {
            JsonNode ready = endpoint.path("conditions").path("ready");
            // The API's rule, followed by the plugin: an unknown readiness counts as ready.
            if (ready.isBoolean() && !ready.asBoolean()) {
                continue;
            }
            for (JsonNode address : endpoint.path("addresses")) {
                addresses.add(new Address(canonicalOrAsIs(address.asString("")), endpoint.path("hostname").asString(""),
                        endpoint.path("targetRef").path("uid").asString("")));
            }
        }
        Slice slice = new Slice(object.namespace(), service, ports, addresses);
        Set<String> newlyServed = new HashSet<>();
        write(() -> {
            String serviceKey = key(object.namespace(), service);
            Set<String> before = servedPods(serviceKey);
            String key = key(object.namespace(), object.name());
            unindexSlice(key, slices.put(key, slice));
            slicesByService.computeIfAbsent(serviceKey, k -> new HashSet<>()).add(key);
            addresses.forEach(address -> slicesByIp.computeIfAbsent(address.ip(), ip -> new HashSet<>()).add(key));
            newlyServed.addAll(servedPods(serviceKey));
            newlyServed.removeAll(before);
        });
        return newlyServed;
    }

    public void removeSlice(Unstructured object) {
        write(() -> {
            String key = key(object.namespace(), object.name());
            unindexSlice(key, slices.remove(key));
        });
    }

    public void putNamespace(String name) {
        write(() -> namespaces.add(name));
    }

    public void removeNamespace(String name) {
        write(() -> namespaces.remove(name));
    }

    /** A pod's IPs, for {@code pods verified}; a terminating pod counts as gone, as in the plugin. */
    public void putPod(Unstructured pod) {
        if (pod.isBeingDeleted()) {
            removePod(pod);
            return;
        }
        List<String> ips = new ArrayList<>();
        JsonNode status = pod.json().path("status");
        status.path("podIPs").forEach(ip -> IpAddresses.canonical(ip.path("ip").asString("")).ifPresent(ips::add));
        IpAddresses.canonical(status.path("podIP").asString("")).filter(ip -> !ips.contains(ip)).ifPresent(ips::add);
        write(() -> {
            String key = key(pod.namespace(), pod.name());
            unindexPod(key);
            podIps.put(key, ips);
            ips.forEach(ip -> podNamespacesByIp.computeIfAbsent(ip, i -> new HashMap<>()).put(key, pod.namespace()));
        });
    }

    public void removePod(Unstructured pod) {
        write(() -> unindexPod(key(pod.namespace(), pod.name())));
    }

    // ---- lookups ----

    public boolean namespaceExists(String namespace) {
        return read(() -> namespaces.contains(namespace.toLowerCase(Locale.ROOT)));
    }

    public Optional<Service> service(String namespace, String name) {
        return read(() -> Optional.ofNullable(services.get(key(namespace, name).toLowerCase(Locale.ROOT))));
    }

    public List<Slice> slices(Service service) {
        return read(() -> slicesByService.getOrDefault(key(service.namespace(), service.name()), Set.of()).stream()
                .sorted().map(slices::get).toList());
    }

    public List<Service> servicesWithClusterIp(String ip) {
        return read(() -> servicesByClusterIp.getOrDefault(ip, Set.of()).stream().sorted().map(services::get)
                .toList());
    }

    public List<Slice> slicesWithIp(String ip) {
        return read(() -> slicesByIp.getOrDefault(ip, Set.of()).stream().sorted().map(slices::get).toList());
    }

    public boolean podHasIp(String namespace, String ip) {
        return read(() -> podNamespacesByIp.getOrDefault(ip, Map.of()).containsValue(namespace.toLowerCase(Locale.ROOT)));
    }

    /** When the index last changed, in Unix seconds: the SOA serial. */
    public long modified() {
        return modified;
    }

    // ---- internals ----

    private Set<String> servedPods(String serviceKey) {
        Set<String> uids = new HashSet<>();
        for (String sliceKey : slicesByService.getOrDefault(serviceKey, Set.of())) {
            slices.get(sliceKey).addresses().forEach(address -> {
                if (!address.podUid().isEmpty()) {
                    uids.add(address.podUid());
                }
            });
        }
        return uids;
    }

    private void unindexService(Service old) {
        if (old == null) {
            return;
        }
        String key = key(old.namespace(), old.name());
        old.clusterIps().forEach(ip -> removeFrom(servicesByClusterIp, ip, key));
    }

    private void unindexSlice(String key, Slice old) {
        if (old == null) {
            return;
        }
        removeFrom(slicesByService, key(old.namespace(), old.service()), key);
        old.addresses().forEach(address -> removeFrom(slicesByIp, address.ip(), key));
    }

    private void unindexPod(String key) {
        List<String> ips = podIps.remove(key);
        if (ips != null) {
            for (String ip : ips) {
                Map<String, String> pods = podNamespacesByIp.get(ip);
                pods.remove(key);
                if (pods.isEmpty()) {
                    podNamespacesByIp.remove(ip);
                }
            }
        }
    }

    private static void removeFrom(Map<String, Set<String>> index, String key, String value) {
        Set<String> values = index.get(key);
        if (values != null) {
            values.remove(value);
            if (values.isEmpty()) {
                index.remove(key);
            }
        }
    }

    private static String canonicalOrAsIs(String ip) {
        return IpAddresses.canonical(ip).orElse(ip);
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    private void write(Runnable change) {
        lock.writeLock().lock();
        try {
            change.run();
            modified = clock.instant().getEpochSecond();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private <T> T read(java.util.function.Supplier<T> lookup) {
        lock.readLock().lock();
        try {
            return lookup.get();
        } finally {
            lock.readLock().unlock();
        }
    }
}
