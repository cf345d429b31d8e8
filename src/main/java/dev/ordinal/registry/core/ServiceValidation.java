package dev.ordinal.registry.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Formats;
import dev.ordinal.machinery.MetaValidation;
import dev.ordinal.machinery.go.GoText;

import static dev.ordinal.machinery.JsonFields.isUnset;
import static dev.ordinal.machinery.JsonFields.objects;
import static dev.ordinal.machinery.JsonFields.strings;
import static dev.ordinal.machinery.JsonFields.text;
import static dev.ordinal.registry.core.ServiceStrategy.externallyAccessible;
import static dev.ordinal.registry.core.ServiceStrategy.needsClusterIp;

/**
 * The validation of a Service as upstream's {@code ValidateService} and the cluster IP part of
 * {@code ValidateServiceUpdate}, with upstream's field paths and messages.
 */
final class ServiceValidation {

    private static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
    private static final long MAX_CLIENT_IP_TIMEOUT_SECONDS = 86400;

    private ServiceValidation() {
    }

    static List<FieldError> validate(ObjectNode service) {
        JsonNode spec = service.path("spec");
        List<FieldError> errors = new ArrayList<>();
        String type = text(spec, "type");
        List<ObjectNode> ports = objects(spec, "ports");
        boolean headless = isHeadless(spec);
        if (ports.isEmpty() && !headless && !type.equals("ExternalName")) {
            errors.add(FieldError.required("spec.ports", ""));
        }
        switch (type) {
            case "LoadBalancer", "NodePort" -> {
                if (headless) {
                    errors.add(FieldError.invalid("spec.clusterIPs[0]", "None",
                            "may not be set to 'None' for " + type + " services"));
                }
            }
            case "ExternalName" -> {
                if (!spec.path("clusterIPs").isEmpty()) {
                    errors.add(FieldError.forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
                }
                if (!spec.path("ipFamilies").isEmpty()) {
                    errors.add(FieldError.forbidden("spec.ipFamilies", "may not be set for ExternalName services"));
                }
                if (!isUnset(spec, "ipFamilyPolicy")) {
                    errors.add(FieldError.forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
                }
                String cname = text(spec, "externalName");
                cname = cname.endsWith(".") ? cname.substring(0, cname.length() - 1) : cname;
                if (cname.isEmpty()) {
                    errors.add(FieldError.required("spec.externalName", ""));
                } else {
                    String name = cname;
                    Formats.dns1123Subdomain(name).forEach(problem ->
                            errors.add(FieldError.invalid("spec.externalName", name, problem)));
                }
            }
            default -> {
            }
        }
        Set<String> portNames = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            errors.addAll(port(ports.get(i), ports.size() > 1, portNames, "spec.ports[" + i + "]"));
        }
        errors.addAll(MetaValidation.validateLabels(spec.path("selector"), "spec.selector"));
        errors.addAll(sessionAffinity(spec));
        errors.addAll(clusterIpsRelatedFields(spec));
        List<String> externalIps = strings(spec, "externalIPs");
        for (int i = 0; i < externalIps.size(); i++) {
            errors.addAll(Formats.ip("spec.externalIPs[" + i + "]", externalIps.get(i)));
        }
        if (type.isEmpty()) {
            errors.add(FieldError.required("spec.type", ""));
        } else if (!TYPES.contains(type)) {
            errors.add(FieldError.notSupported("spec.type", type, TYPES));
        }
        if (type.equals("ClusterIP")) {
            for (int i = 0; i < ports.size(); i++) {
                if (ports.get(i).path("nodePort").asLong(0) != 0) {
                    errors.add(FieldError.forbidden("spec.ports[" + i + "].nodePort",
                            "may not be used when `type` is 'ClusterIP'"));
                }
            }
        }
        errors.addAll(duplicatePorts(ports));
        if (spec.path("allocateLoadBalancerNodePorts").isBoolean() && !type.equals("LoadBalancer")) {
            errors.add(FieldError.forbidden("spec.allocateLoadBalancerNodePorts",
                    "may only be used when `type` is 'LoadBalancer'"));
        }
        errors.addAll(trafficPolicies(spec));
        return errors;
    }

    /** Upstream {@code validateUpgradeDowngradeClusterIPs}: an allocated primary IP stays. */
    static List<FieldError> clusterIpsUnchanged(JsonNode spec, JsonNode oldSpec) {
        List<FieldError> errors = new ArrayList<>();
        if (!needsClusterIp(spec) || !needsClusterIp(oldSpec) || isHeadless(spec) && isHeadless(oldSpec)) {
            return errors;
        }
        List<String> ips = strings(spec, "clusterIPs");
        List<String> oldIps = strings(oldSpec, "clusterIPs");
        if (ips.size() == oldIps.size()) {
            for (int i = 0; i < oldIps.size(); i++) {
                if (!oldIps.get(i).equals(ips.get(i))) {
                    errors.add(FieldError.invalid("spec.clusterIPs[" + i + "]", GoLiteral.strings(ips),
                            "may not change once set"));
                }
            }
        } else if (ips.isEmpty()) {
            errors.add(FieldError.invalid("spec.clusterIPs[0]", GoLiteral.strings(ips),
                    "primary clusterIP can not be unset"));
        } else if (!oldIps.isEmpty() && !ips.get(0).equals(oldIps.get(0))) {
            errors.add(FieldError.invalid("spec.clusterIPs[0]", GoLiteral.strings(ips), "may not change once set"));
        }
        return errors;
    }

    private static List<FieldError> port(ObjectNode port, boolean nameRequired, Set<String> names, String path) {
        List<FieldError> errors = new ArrayList<>(PortValidation.name(port, nameRequired, path));
        String name = text(port, "name");
        if (!name.isEmpty() && !names.add(name)) {
            errors.add(FieldError.duplicate(path + ".name", name));
        }
        errors.addAll(PortValidation.number(port, path));
        errors.addAll(PortValidation.protocol(port, path));
        errors.addAll(ContainerValidation.portNumberOrName(port.path("targetPort"), path + ".targetPort"));
        errors.addAll(PortValidation.appProtocol(port, path));
        return errors;
    }

    private static List<FieldError> sessionAffinity(JsonNode spec) {
        String affinity = text(spec, "sessionAffinity");
        if (affinity.isEmpty()) {
            return List.of(FieldError.required("spec.sessionAffinity", ""));
        }
        if (!List.of("ClientIP", "None").contains(affinity)) {
            return List.of(FieldError.notSupported("spec.sessionAffinity", affinity, List.of("ClientIP", "None")));
        }
        JsonNode config = spec.path("sessionAffinityConfig");
        if (affinity.equals("None")) {
            return config.isObject() ? List.of(FieldError.forbidden("spec.sessionAffinityConfig",
                    "must not be set when session affinity is None")) : List.of();
        }
        String when = "when session affinity type is ClientIP";
        if (!config.isObject()) {
            return List.of(FieldError.required("spec.sessionAffinityConfig", when));
        }
        if (!config.path("clientIP").isObject()) {
            return List.of(FieldError.required("spec.sessionAffinityConfig.clientIP", when));
        }
        JsonNode timeout = config.path("clientIP").path("timeoutSeconds");
        if (!timeout.isNumber()) {
            return List.of(FieldError.required("spec.sessionAffinityConfig.clientIP.timeoutSeconds", when));
        }
        if (timeout.asLong() <= 0 || timeout.asLong() > MAX_CLIENT_IP_TIMEOUT_SECONDS) {
            return List.of(FieldError.invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", timeout.asLong(),
                    "must be greater than 0 and less than " + MAX_CLIENT_IP_TIMEOUT_SECONDS));
        }
        return List.of();
    }

    /** Upstream {@code ValidateServiceClusterIPsRelatedFields}. */
    private static List<FieldError> clusterIpsRelatedFields(JsonNode spec) {
        List<FieldError> errors = new ArrayList<>();
        if (!needsClusterIp(spec)) {
            return errors;
        }
        String clusterIp = text(spec, "clusterIP");
        List<String> clusterIps = strings(spec, "clusterIPs");
        GoLiteral clusterIpsValue = GoLiteral.strings(clusterIps);
        if (!clusterIp.isEmpty()) {
            if (clusterIps.isEmpty()) {
                errors.add(FieldError.required("spec.clusterIPs", ""));
            } else if (!clusterIps.get(0).equals(clusterIp)) {
                errors.add(FieldError.invalid("spec.clusterIPs", clusterIpsValue, "first value must match `clusterIP`"));
            }
        } else if (!clusterIps.isEmpty()) {
            errors.add(FieldError.invalid("spec.clusterIPs", clusterIpsValue,
                    "must be empty when `clusterIP` is not specified"));
        }
        List<String> families = strings(spec, "ipFamilies");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < families.size(); i++) {
            String family = families.get(i);
            if (!List.of("IPv4", "IPv6").contains(family)) {
                errors.add(FieldError.notSupported("spec.ipFamilies[" + i + "]", family, List.of("IPv4", "IPv6")));
            }
            if (!seen.add(family)) {
                errors.add(FieldError.duplicate("spec.ipFamilies[" + i + "]", family));
            }
        }
        String policy = text(spec, "ipFamilyPolicy");
        List<String> policies = List.of("PreferDualStack", "RequireDualStack", "SingleStack");
        if (!policy.isEmpty() && !policies.contains(policy)) {
            errors.add(FieldError.notSupported("spec.ipFamilyPolicy", policy, policies));
        }
        boolean invalidIps = false;
        for (int i = 0; i < clusterIps.size(); i++) {
            if (i == 0 && clusterIps.get(0).equals("None")) {
                if (clusterIps.size() > 1) {
                    invalidIps = true;
                    errors.add(FieldError.invalid("spec.clusterIPs", clusterIpsValue,
                            "'None' must be the first and only value"));
                }
                continue;
            }
            List<FieldError> ipErrors = Formats.ip("spec.clusterIPs[" + i + "]", clusterIps.get(i));
            invalidIps |= !ipErrors.isEmpty();
            errors.addAll(ipErrors);
        }
        if (clusterIps.size() > 2) {
            errors.add(FieldError.invalid("spec.clusterIPs", clusterIpsValue, "may only hold up to 2 values"));
        }
        if (invalidIps) {
            return errors;
        }
        if (clusterIps.size() > 1 && clusterIps.get(0).contains(":") == clusterIps.get(1).contains(":")) {
            errors.add(FieldError.invalid("spec.clusterIPs", clusterIpsValue,
                    "may specify no more than one IP for each IP family"));
        }
        if (!isHeadless(spec)) {
            for (int i = 0; i < clusterIps.size() && i < families.size(); i++) {
                boolean ipv6 = clusterIps.get(i).contains(":");
                if (families.get(i).equals("IPv4") && ipv6 || families.get(i).equals("IPv6") && !ipv6) {
                    errors.add(FieldError.invalid("spec.clusterIPs[" + i + "]", clusterIps.get(i), "expected an "
                            + families.get(i) + " value as indicated by `ipFamilies[" + i + "]`"));
                }
            }
        }
        return errors;
    }

    /** Duplicate node ports, then duplicate (protocol, port) pairs, as upstream reports them. */
    private static List<FieldError> duplicatePorts(List<ObjectNode> ports) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> nodePorts = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            long nodePort = ports.get(i).path("nodePort").asLong(0);
            if (nodePort != 0 && !nodePorts.add(text(ports.get(i), "protocol") + "/" + nodePort)) {
                errors.add(FieldError.duplicate("spec.ports[" + i + "].nodePort", nodePort));
            }
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            String protocol = text(ports.get(i), "protocol");
            long port = ports.get(i).path("port").asLong(0);
            if (!seen.add(protocol + "/" + port)) {
                errors.add(FieldError.duplicate("spec.ports[" + i + "]", new GoLiteral("core.ServicePort{Name:\"\", "
                        + "Protocol:" + GoText.quote(protocol) + ", AppProtocol:(*string)(nil), Port:" + port
                        + ", TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}")));
            }
        }
        return errors;
    }

    private static List<FieldError> trafficPolicies(JsonNode spec) {
        List<FieldError> errors = new ArrayList<>();
        String external = text(spec, "externalTrafficPolicy");
        if (!externallyAccessible(spec)) {
            if (!external.isEmpty()) {
                errors.add(FieldError.invalid("spec.externalTrafficPolicy", external,
                        "may only be set for externally-accessible services"));
            }
        } else if (external.isEmpty()) {
            errors.add(FieldError.required("spec.externalTrafficPolicy", ""));
        } else if (!List.of("Cluster", "Local").contains(external)) {
            errors.add(FieldError.notSupported("spec.externalTrafficPolicy", external, List.of("Cluster", "Local")));
        }
        String internal = text(spec, "internalTrafficPolicy");
        if (internal.isEmpty()) {
            if (List.of("NodePort", "LoadBalancer", "ClusterIP").contains(text(spec, "type"))) {
                errors.add(FieldError.required("spec.internalTrafficPolicy", ""));
            }
        } else if (!List.of("Cluster", "Local").contains(internal)) {
            errors.add(FieldError.notSupported("spec.internalTrafficPolicy", internal, List.of("Cluster", "Local")));
        }
        return errors;
    }

    static boolean isHeadless(JsonNode spec) {
        JsonNode ips = spec.path("clusterIPs");
        return ips.size() == 1 && ips.get(0).asString("").equals("None");
    }
}
