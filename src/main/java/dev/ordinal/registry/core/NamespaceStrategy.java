package dev.ordinal.registry.core;

import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.NameRule;
import dev.ordinal.registry.rest.Strategy;

/**
 * Namespaces (upstream {@code pkg/registry/core/namespace}): a DNS-1123 label name, the
 * {@code kubernetes.io/metadata.name} label, phase Active, and the {@code kubernetes} spec
 * finalizer that keeps a deleted namespace Terminating until its contents are gone, and the
 * {@code status.phase} field selector.
 */
final class NamespaceStrategy implements Strategy {

    static final String FINALIZER = "kubernetes";

    @Override
    public NameRule nameRule() {
        return NameRule.DNS1123_LABEL;
    }

    @Override
    public void applyDefaults(Unstructured namespace) {
        if (!namespace.name().isEmpty()) {
            namespace.metadata().withObject("labels").put("kubernetes.io/metadata.name", namespace.name());
        }
    }

    @Override
    public void prepareForCreate(Unstructured namespace) {
        ObjectNode spec = namespace.json().withObject("spec");
        spec.putArray("finalizers").add(FINALIZER);
        namespace.json().putObject("status").put("phase", "Active");
    }

    @Override
    public void prepareForUpdate(Unstructured namespace, Unstructured old) {
        // spec.finalizers change only through the finalize subresource upstream; keep them here.
        JsonNode finalizers = old.json().path("spec").get("finalizers");
        if (finalizers != null) {
            namespace.json().withObject("spec").set("finalizers", finalizers.deepCopy());
        }
    }

    @Override
    public Map<String, String> selectableFields(Unstructured namespace) {
        return Map.of("status.phase", namespace.json().path("status").path("phase").asString(""));
    }

    @Override
    public Set<String> selectableFieldNames() {
        return Set.of("status.phase");
    }

    @Override
    public boolean holdsDeletion(Unstructured namespace) {
        JsonNode finalizers = namespace.json().path("spec").path("finalizers");
        return finalizers.isArray() && !finalizers.isEmpty();
    }

    @Override
    public void prepareForDelete(Unstructured namespace) {
        namespace.json().withObject("status").put("phase", "Terminating");
    }
}
