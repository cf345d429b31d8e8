package dev.ordinal.registry.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Formats;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.Strategy;
import dev.ordinal.machinery.go.GoText;

import static dev.ordinal.machinery.JsonFields.object;
import static dev.ordinal.machinery.JsonFields.objects;
import static dev.ordinal.machinery.JsonFields.strings;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * Nodes (upstream {@code pkg/registry/core/node}): allocatable defaults to capacity, v1's
 * podCIDR and podCIDRs stay paired, {@code ValidateNode} and {@code ValidateNodeUpdate} (taints,
 * pod CIDRs fixed once assigned, resource amounts), and the {@code spec.unschedulable} field
 * selector.
 */
final class NodeStrategy implements Strategy {

    private static final List<String> TAINT_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    /** A kubelet registers its node with its status, and upstream keeps it. */
    @Override
    public boolean resetsStatusOnCreate() {
        return false;
    }

    @Override
    public void applyDefaults(Unstructured node) {
        ObjectNode spec = object(node.json(), "spec");
        String podCidr = text(spec, "podCIDR");
        List<String> podCidrs = strings(spec, "podCIDRs");
        if (!podCidr.isEmpty() && (podCidrs.isEmpty() || !podCidrs.get(0).equals(podCidr))) {
            spec.putArray("podCIDRs").add(podCidr);
        } else if (podCidr.isEmpty() && !podCidrs.isEmpty()) {
            spec.put("podCIDR", podCidrs.get(0));
        }
        defaultAllocatable(node);
    }

    @Override
    public void prepareForStatusUpdate(Unstructured node, Unstructured old) {
        defaultAllocatable(node);
    }

    @Override
    public List<FieldError> validate(Unstructured node) {
        JsonNode spec = node.json().path("spec");
        List<FieldError> errors = new ArrayList<>(taints(spec));
        errors.addAll(resources(node.json().path("status")));
        List<String> podCidrs = strings(spec, "podCIDRs");
        for (int i = 0; i < podCidrs.size(); i++) {
            errors.addAll(Formats.cidr("spec.podCIDRs[" + i + "]", podCidrs.get(i)));
        }
        if (podCidrs.size() > 1) {
            long ipv6 = podCidrs.stream().filter(cidr -> cidr.contains(":")).count();
            if (podCidrs.size() > 2 || ipv6 != 1) {
                errors.add(FieldError.invalid("spec.podCIDRs", GoLiteral.strings(podCidrs),
                        "may specify no more than one CIDR for each IP family"));
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < podCidrs.size(); i++) {
                if (!seen.add(podCidrs.get(i))) {
                    errors.add(FieldError.duplicate("spec.podCIDRs[" + i + "]", podCidrs.get(i)));
                }
            }
        }
        return errors;
    }

    /** Upstream {@code ValidateNodeUpdate}, which the status subresource applies as well. */
    @Override
    public List<FieldError> validateUpdate(Unstructured node, Unstructured old) {
        JsonNode spec = node.json().path("spec");
        JsonNode oldSpec = old.json().path("spec");
        List<FieldError> errors = new ArrayList<>(resources(node.json().path("status")));
        Set<String> addresses = new HashSet<>();
        List<ObjectNode> statusAddresses = objects(node.json().path("status"), "addresses");
        for (int i = 0; i < statusAddresses.size(); i++) {
            String type = text(statusAddresses.get(i), "type");
            String address = text(statusAddresses.get(i), "address");
            if (!addresses.add(type + "/" + address)) {
                errors.add(FieldError.duplicate("status.addresses[" + i + "]", new GoLiteral(
                        "core.NodeAddress{Type:" + GoText.quote(type) + ", Address:" + GoText.quote(address) + "}")));
            }
        }
        List<String> oldPodCidrs = strings(oldSpec, "podCIDRs");
        if (!oldPodCidrs.isEmpty() && !oldPodCidrs.equals(strings(spec, "podCIDRs"))) {
            errors.add(FieldError.forbidden("spec.podCIDRs", "node updates may not change podCIDR except from \"\" to valid"));
        }
        String oldProviderId = text(oldSpec, "providerID");
        if (!oldProviderId.isEmpty() && !oldProviderId.equals(text(spec, "providerID"))) {
            errors.add(FieldError.forbidden("spec.providerID",
                    "node updates may not change providerID except from \"\" to valid"));
        }
        errors.addAll(taints(spec));
        if (!text(spec, "externalID").equals(text(oldSpec, "externalID"))) {
            errors.add(FieldError.forbidden("spec.externalID", "may not be updated"));
        }
        return errors;
    }

    @Override
    public List<FieldError> validateStatusUpdate(Unstructured node, Unstructured old) {
        return validateUpdate(node, old);
    }

    @Override
    public Map<String, String> selectableFields(Unstructured node) {
        return Map.of("spec.unschedulable",
                String.valueOf(node.json().path("spec").path("unschedulable").asBoolean(false)));
    }

    @Override
    public Set<String> selectableFieldNames() {
        return Set.of("spec.unschedulable");
    }

    private static void defaultAllocatable(Unstructured node) {
        JsonNode status = node.json().path("status");
        if (status instanceof ObjectNode object && status.path("capacity").isObject() && !status.has("allocatable")) {
            object.set("allocatable", status.get("capacity").deepCopy());
        }
    }

    /**
     * Upstream {@code validateNodeTaints}: label-like keys and values, a supported effect, one
     * taint per key and effect. Upstream roots these paths at metadata.
     */
    private static List<FieldError> taints(JsonNode spec) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> unique = new HashSet<>();
        List<ObjectNode> taints = objects(spec, "taints");
        for (int i = 0; i < taints.size(); i++) {
            ObjectNode taint = taints.get(i);
            String path = "metadata.taints[" + i + "]";
            String key = text(taint, "key");
            String value = text(taint, "value");
            String effect = text(taint, "effect");
            Formats.qualifiedName(key).forEach(problem -> errors.add(FieldError.invalid(path + ".key", key, problem)));
            List<String> valueProblems = Formats.labelValue(value);
            if (!valueProblems.isEmpty()) {
                errors.add(FieldError.invalid(path + ".value", value, String.join(";", valueProblems)));
            }
            if (effect.isEmpty()) {
                errors.add(FieldError.required(path + ".effect", ""));
            } else if (!TAINT_EFFECTS.contains(effect)) {
                errors.add(FieldError.notSupported(path + ".effect", effect, TAINT_EFFECTS));
            }
            if (!unique.add(effect + "/" + key)) {
                errors.add(new FieldError(FieldError.Type.DUPLICATE, path, new GoLiteral("core.Taint{Key:"
                        + GoText.quote(key) + ", Value:" + GoText.quote(value) + ", Effect:" + GoText.quote(effect)
                        + ", TimeAdded:<nil>}"), "taints must be unique by key and effect pair"));
            }
        }
        return errors;
    }

    /** Upstream {@code ValidateNodeResources}: no negative capacity or allocatable amount. */
    private static List<FieldError> resources(JsonNode status) {
        List<FieldError> errors = new ArrayList<>();
        for (String list : List.of("capacity", "allocatable")) {
            status.path(list).properties().forEach(entry -> errors.addAll(
                    Quantities.nonNegative("status." + list + "." + entry.getKey(), entry.getValue())));
        }
        return errors;
    }
}
