package dev.ordinal.registry.core.ipallocator;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.IpAddresses;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.Allocator;
import dev.ordinal.registry.core.GoLiteral;
import dev.ordinal.storage.ObjectStore;

import static dev.ordinal.machinery.JsonFields.object;
import static dev.ordinal.machinery.JsonFields.strings;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * Gives Services their cluster IPs from the service CIDR, as upstream's service REST storage does
 * on create ({@code allocateCreate}: IP family fields, then {@code allocClusterIPs}) and on an
 * update from ExternalName to a type with a cluster IP. ExternalName Services get none, headless
 * ones ({@code None}) none; a requested IP must lie in the range and be free.
 *
 * <p>Which IPs are taken is read from the stored Services themselves, plus the IPs of creates
 * still in flight, instead of upstream's separately persisted bitmap: an IP is free again as soon
 * as its Service is gone or no longer holds it, and allocations survive a restart with the store.
 */
@Component
public class ClusterIpAllocator implements Allocator {

    static final GroupResource SERVICES = new GroupResource("", "services");
    private static final String NONE = "None";

    private final List<ServiceCidr> ranges;
    private final Supplier<List<Unstructured>> storedServices;
    private final Random random;
    private final Set<String> inFlight = new HashSet<>();

    @Autowired
    ClusterIpAllocator(ServiceNetworkProperties properties, ObjectStore store) {
        this(properties.ranges(), () -> store.list(SERVICES, null, null, service -> true, 0).objects(),
                new SecureRandom());
    }

    ClusterIpAllocator(List<ServiceCidr> ranges, Supplier<List<Unstructured>> storedServices, Random random) {
        this.ranges = ranges;
        this.storedServices = storedServices;
        this.random = random;
    }

    @Override
    public GroupResource resource() {
        return SERVICES;
    }

    @Override
    public Allocation allocateCreate(Unstructured service) {
        ObjectNode spec = object(service.json(), "spec");
        if (text(spec, "type").equals("ExternalName")) {
            return Allocation.NONE;
        }
        // Upstream's NormalizeClusterIPs runs first, so a lone clusterIP is a request too.
        if (!text(spec, "clusterIP").isEmpty() && strings(spec, "clusterIPs").isEmpty()) {
            spec.putArray("clusterIPs").add(text(spec, "clusterIP"));
        }
        List<String> families = initIpFamilyFields(service.name(), spec);
        List<String> requested = strings(spec, "clusterIPs");
        if (!requested.isEmpty() && requested.get(0).equals(NONE)
                || requested.stream().anyMatch(ip -> IpAddresses.parse(ip).isEmpty())) {
            // Headless, or malformed IPs that validation reports.
            return Allocation.NONE;
        }
        List<String> clusterIps = new ArrayList<>(requested);
        while (clusterIps.size() < families.size()) {
            clusterIps.add("");
        }
        List<String> allocated = allocate(service.name(), families, clusterIps);
        spec.put("clusterIP", allocated.get(0));
        ArrayNode ips = spec.putArray("clusterIPs");
        allocated.forEach(ips::add);
        return () -> release(allocated);
    }

    /** Only an ExternalName Service that takes another type needs new IPs (upstream's update case A). */
    @Override
    public Allocation allocateUpdate(Unstructured service, Unstructured old) {
        boolean wasExternalName = text(object(old.json(), "spec"), "type").equals("ExternalName");
        return wasExternalName ? allocateCreate(service) : Allocation.NONE;
    }

    private synchronized List<String> allocate(String name, List<String> families, List<String> clusterIps) {
        Set<String> used = usedIps();
        List<String> allocated = new ArrayList<>();
        for (int i = 0; i < families.size(); i++) {
            ServiceCidr range = range(families.get(i)).orElseThrow();
            String ip = clusterIps.get(i);
            if (ip.isEmpty()) {
                ip = next(range, used).orElseThrow(() ->
                        StatusError.internal("failed to allocate a serviceIP: range is full"));
            } else {
                String problem = range.offsetOf(IpAddresses.parse(ip).orElseThrow()) < 0
                        ? "provided IP is not in the valid range. The range of valid IPs is " + range
                        : used.contains(IpAddresses.canonical(ip).orElseThrow()) ? "provided IP is already allocated"
                        : null;
                if (problem != null) {
                    throw StatusError.invalid("", "Service", name, List.of(FieldError.invalid("spec.clusterIPs",
                            GoLiteral.strings(clusterIps), "failed to allocate IP " + ip + ": " + problem)));
                }
            }
            used.add(IpAddresses.canonical(ip).orElseThrow());
            allocated.add(ip);
        }
        allocated.forEach(ip -> inFlight.add(IpAddresses.canonical(ip).orElseThrow()));
        return allocated;
    }

    private synchronized void release(List<String> allocated) {
        allocated.forEach(ip -> inFlight.remove(IpAddresses.canonical(ip).orElseThrow()));
    }

    private Set<String> usedIps() {
        Set<String> used = new HashSet<>(inFlight);
        for (Unstructured service : storedServices.get()) {
            for (String ip : strings(service.json().path("spec"), "clusterIPs")) {
                IpAddresses.canonical(ip).ifPresent(used::add);
            }
            IpAddresses.canonical(text(service.json().path("spec"), "clusterIP")).ifPresent(used::add);
        }
        return used;
    }

    /**
     * A free address picked at random, from the dynamic band first and the static band last, as
     * upstream's AllocateNext does since ServiceIPStaticSubrange.
     */
    private Optional<String> next(ServiceCidr range, Set<String> used) {
        long band = range.staticBand();
        Optional<String> dynamic = scan(range, band, range.size(), used);
        return dynamic.isPresent() ? dynamic : scan(range, 0, band, used);
    }

    private Optional<String> scan(ServiceCidr range, long from, long to, Set<String> used) {
        long count = to - from;
        if (count <= 0) {
            return Optional.empty();
        }
        long start = Math.floorMod(random.nextLong(), count);
        for (long i = 0; i < count; i++) {
            String candidate = range.addressAt(from + (start + i) % count);
            if (!used.contains(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Upstream's {@code initIPFamilyFields} for a cluster with these ranges: defaults
     * ipFamilyPolicy and ipFamilies, infers families from requested IPs, and refuses families
     * and dual-stack requests the cluster is not configured for.
     */
    private List<String> initIpFamilyFields(String name, ObjectNode spec) {
        boolean headlessSelectorless = text(spec, "clusterIP").equals(NONE) && spec.path("selector").isEmpty();
        if (text(spec, "ipFamilyPolicy").isEmpty()) {
            spec.put("ipFamilyPolicy", headlessSelectorless ? "RequireDualStack" : "SingleStack");
        }
        String policy = text(spec, "ipFamilyPolicy");
        List<String> clusterIps = strings(spec, "clusterIPs");
        List<String> families = new ArrayList<>(strings(spec, "ipFamilies"));
        List<FieldError> errors = new ArrayList<>();
        if (policy.equals("SingleStack")) {
            if (clusterIps.size() == 2) {
                errors.add(FieldError.invalid("spec.ipFamilyPolicy", policy,
                        "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
            }
            if (families.size() == 2) {
                errors.add(FieldError.invalid("spec.ipFamilyPolicy", policy,
                        "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
            }
        }
        for (int i = 0; i < clusterIps.size() && !clusterIps.get(i).equals(NONE); i++) {
            Optional<byte[]> ip = IpAddresses.parse(clusterIps.get(i));
            if (ip.isEmpty()) {
                break;
            }
            String family = ip.get().length == 16 ? "IPv6" : "IPv4";
            if (i >= families.size()) {
                if (range(family).isEmpty()) {
                    errors.add(FieldError.invalid("spec.clusterIPs[" + i + "]", GoLiteral.strings(clusterIps),
                            family + " is not configured on this cluster"));
                } else {
                    families.add(family);
                }
            }
        }
        throwIfAny(name, errors);
        if (headlessSelectorless) {
            if (families.isEmpty()) {
                families.add(ranges.get(0).family());
            }
            if (families.size() < 2 && !policy.equals("SingleStack")) {
                families.add(families.get(0).equals("IPv4") ? "IPv6" : "IPv4");
            }
            setFamilies(spec, families);
            return families;
        }
        if (policy.equals("RequireDualStack") && ranges.size() < 2) {
            errors.add(FieldError.invalid("spec.ipFamilyPolicy", policy,
                    "this cluster is not configured for dual-stack services"));
        }
        for (int i = 0; i < families.size(); i++) {
            if (range(families.get(i)).isEmpty()) {
                errors.add(FieldError.invalid("spec.ipFamilies[" + i + "]", families.get(i),
                        "not configured on this cluster"));
            }
        }
        throwIfAny(name, errors);
        if (families.isEmpty()) {
            families.add(ranges.get(0).family());
        }
        if (!policy.equals("SingleStack") && families.size() == 1 && ranges.size() == 2) {
            families.add(families.get(0).equals("IPv4") ? "IPv6" : "IPv4");
        }
        setFamilies(spec, families);
        return families;
    }

    private Optional<ServiceCidr> range(String family) {
        return ranges.stream().filter(range -> range.family().equals(family)).findFirst();
    }

    private static void throwIfAny(String name, List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw StatusError.invalid("", "Service", name, errors);
        }
    }

    private static void setFamilies(ObjectNode spec, List<String> families) {
        ArrayNode array = spec.putArray("ipFamilies");
        families.forEach(array::add);
    }
}
