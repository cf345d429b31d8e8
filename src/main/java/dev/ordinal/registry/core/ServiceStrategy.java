package dev.ordinal.registry.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.NameRule;
import dev.ordinal.registry.rest.Strategy;

import static dev.ordinal.machinery.JsonFields.defaultText;
import static dev.ordinal.machinery.JsonFields.isUnset;
import static dev.ordinal.machinery.JsonFields.object;
import static dev.ordinal.machinery.JsonFields.objects;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * Services (upstream {@code pkg/registry/core/service}): DNS-1035 names, {@code SetDefaults_Service},
 * the single-stack IP family fields and the clusterIP/clusterIPs pairing the service REST storage
 * keeps, and {@code ValidateService}. Cluster IPs are not allocated here; {@code None} makes a
 * headless service.
 */
final class ServiceStrategy implements Strategy {

    private static final long DEFAULT_CLIENT_IP_TIMEOUT_SECONDS = 10800;

    @Override
    public NameRule nameRule() {
        return NameRule.DNS1035_LABEL;
    }

    @Override
    public void applyDefaults(Unstructured service) {
        ObjectNode spec = object(service.json(), "spec");
        defaultText(spec, "sessionAffinity", "None");
        String affinity = text(spec, "sessionAffinity");
        if (affinity.equals("None")) {
            spec.remove("sessionAffinityConfig");
        } else if (affinity.equals("ClientIP")
                && !spec.path("sessionAffinityConfig").path("clientIP").path("timeoutSeconds").isNumber()) {
            spec.putObject("sessionAffinityConfig").putObject("clientIP")
                    .put("timeoutSeconds", DEFAULT_CLIENT_IP_TIMEOUT_SECONDS);
        }
        defaultText(spec, "type", "ClusterIP");
        for (ObjectNode port : objects(spec, "ports")) {
            defaultText(port, "protocol", "TCP");
            // Absent, 0 (as a protobuf body carries it) or "": the target is the port itself.
            if (SemanticEquality.isZero(port.path("targetPort"))) {
                port.put("targetPort", port.path("port").asLong(0));
            }
        }
        String type = text(spec, "type");
        if (externallyAccessible(spec)) {
            defaultText(spec, "externalTrafficPolicy", "Cluster");
        }
        if (List.of("NodePort", "LoadBalancer", "ClusterIP").contains(type)) {
            defaultText(spec, "internalTrafficPolicy", "Cluster");
        }
        if (type.equals("LoadBalancer") && !spec.path("allocateLoadBalancerNodePorts").isBoolean()) {
            spec.put("allocateLoadBalancerNodePorts", true);
        }
    }

    @Override
    public void prepareForCreate(Unstructured service) {
        ObjectNode spec = object(service.json(), "spec");
        if (!isUnset(spec, "clusterIP") && spec.path("clusterIPs").isEmpty()) {
            spec.putArray("clusterIPs").add(text(spec, "clusterIP"));
        }
        defaultIpFamilies(spec);
        service.json().putObject("status").putObject("loadBalancer");
    }

    /**
     * What the service REST storage does to an update: values allocated before stay when the
     * update leaves them out ({@code patchAllocatedValues}), clusterIP and clusterIPs stay paired
     * ({@code NormalizeClusterIPs}), and a type change drops what the new type has no use for and
     * the client did not change ({@code dropTypeDependentFields}).
     */
    @Override
    public void prepareForUpdate(Unstructured service, Unstructured old) {
        ObjectNode spec = object(service.json(), "spec");
        JsonNode oldSpec = old.json().path("spec");
        if (needsClusterIp(oldSpec) && needsClusterIp(spec)) {
            if (isUnset(spec, "clusterIP") && !isUnset(oldSpec, "clusterIP")) {
                spec.put("clusterIP", text(oldSpec, "clusterIP"));
            }
            if (spec.path("clusterIPs").isEmpty() && !oldSpec.path("clusterIPs").isEmpty()) {
                spec.set("clusterIPs", oldSpec.get("clusterIPs").deepCopy());
            }
        }
        normalizeClusterIps(spec, oldSpec);
        dropTypeDependentFields(spec, oldSpec, service.json());
        defaultIpFamilies(spec);
    }

    @Override
    public List<FieldError> validate(Unstructured service) {
        return ServiceValidation.validate(service.json());
    }

    @Override
    public List<FieldError> validateUpdate(Unstructured service, Unstructured old) {
        List<FieldError> errors = new ArrayList<>(ServiceValidation.clusterIpsUnchanged(
                service.json().path("spec"), old.json().path("spec")));
        errors.addAll(ServiceValidation.validate(service.json()));
        return errors;
    }

    @Override
    public Map<String, String> selectableFields(Unstructured service) {
        JsonNode spec = service.json().path("spec");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("spec.clusterIP", text(spec, "clusterIP"));
        fields.put("spec.type", text(spec, "type"));
        return fields;
    }

    @Override
    public Set<String> selectableFieldNames() {
        return Set.of("spec.clusterIP", "spec.type");
    }

    /**
     * The IP family fields the allocator fills on a single-stack IPv4 cluster; ExternalName
     * services have none.
     */
    private static void defaultIpFamilies(ObjectNode spec) {
        if (!needsClusterIp(spec)) {
            return;
        }
        defaultText(spec, "ipFamilyPolicy", "SingleStack");
        if (spec.path("ipFamilies").isEmpty()) {
            spec.putArray("ipFamilies").add("IPv4");
        }
    }

    /** Upstream {@code NormalizeClusterIPs} for an update. */
    private static void normalizeClusterIps(ObjectNode spec, JsonNode oldSpec) {
        String clusterIp = text(spec, "clusterIP");
        String oldClusterIp = text(oldSpec, "clusterIP");
        if (!oldSpec.path("clusterIPs").isEmpty() && spec.path("clusterIPs").isEmpty() && oldClusterIp.equals(clusterIp)) {
            spec.set("clusterIPs", oldSpec.get("clusterIPs").deepCopy());
        }
        if (!oldClusterIp.equals(clusterIp)) {
            boolean sameClusterIps = SemanticEquality.equal(spec.path("clusterIPs"), oldSpec.path("clusterIPs"));
            if (!oldClusterIp.isEmpty() && clusterIp.isEmpty() && sameClusterIps) {
                spec.remove("clusterIPs");
            }
            if (!clusterIp.isEmpty() && sameClusterIps) {
                spec.putArray("clusterIPs").add(clusterIp);
            }
        }
    }

    private static void dropTypeDependentFields(ObjectNode spec, JsonNode oldSpec, ObjectNode service) {
        if (needsClusterIp(oldSpec) && !needsClusterIp(spec)) {
            if (text(spec, "clusterIP").equals(text(oldSpec, "clusterIP"))
                    && SemanticEquality.equal(spec.path("clusterIPs"), oldSpec.path("clusterIPs"))) {
                spec.remove(List.of("clusterIP", "clusterIPs"));
            }
            if (SemanticEquality.equal(spec.path("ipFamilies"), oldSpec.path("ipFamilies"))) {
                spec.remove("ipFamilies");
            }
            if (text(spec, "ipFamilyPolicy").equals(text(oldSpec, "ipFamilyPolicy"))) {
                spec.remove("ipFamilyPolicy");
            }
        }
        if (needsNodePort(oldSpec) && !needsNodePort(spec) && nodePorts(spec).equals(nodePorts(oldSpec))) {
            objects(spec, "ports").forEach(port -> port.remove("nodePort"));
        }
        if (text(oldSpec, "type").equals("LoadBalancer") && !text(spec, "type").equals("LoadBalancer")
                && spec.path("allocateLoadBalancerNodePorts").isBoolean()
                && spec.get("allocateLoadBalancerNodePorts").equals(oldSpec.path("allocateLoadBalancerNodePorts"))) {
            spec.remove("allocateLoadBalancerNodePorts");
        }
        if (externallyAccessible(oldSpec) && !externallyAccessible(spec)
                && text(spec, "externalTrafficPolicy").equals(text(oldSpec, "externalTrafficPolicy"))) {
            spec.remove("externalTrafficPolicy");
        }
        if (!text(spec, "type").equals("LoadBalancer")) {
            object(service, "status").putObject("loadBalancer");
        }
    }

    private static List<Long> nodePorts(JsonNode spec) {
        List<Long> ports = new ArrayList<>();
        objects(spec, "ports").forEach(port -> ports.add(port.path("nodePort").asLong(0)));
        return ports;
    }

    static boolean needsClusterIp(JsonNode spec) {
        return !text(spec, "type").equals("ExternalName");
    }

    private static boolean needsNodePort(JsonNode spec) {
        return List.of("NodePort", "LoadBalancer").contains(text(spec, "type"));
    }

    /** Upstream {@code ExternallyAccessible}: node ports, a load balancer, or external IPs. */
    static boolean externallyAccessible(JsonNode spec) {
        String type = text(spec, "type");
        return type.equals("LoadBalancer") || type.equals("NodePort")
                || type.equals("ClusterIP") && !spec.path("externalIPs").isEmpty();
    }
}
