package dev.ordinal.controller.volume;

import tools.jackson.databind.node.ArrayNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.WriteOptions;

/** Adds or removes a protection finalizer, conditional on the resourceVersion the decision saw. */
final class Finalizers {

    private Finalizers() {
    }

    static void apply(GenericRegistry registry, ResourceDefinition definition, Unstructured seen, String finalizer,
                      Protection.Change change) {
        if (change == Protection.Change.NONE) {
            return;
        }
        registry.patch(definition, seen.namespace(), seen.name(), current -> {
            current.setMeta("resourceVersion", seen.resourceVersion());
            ArrayNode kept = current.metadata().arrayNode();
            current.finalizers().stream().filter(f -> !f.equals(finalizer)).forEach(kept::add);
            if (change == Protection.Change.ADD_FINALIZER) {
                kept.add(finalizer);
            }
            if (kept.isEmpty()) {
                current.metadata().remove("finalizers");
            } else {
                current.metadata().set("finalizers", kept);
            }
            return current;
        }, null, WriteOptions.defaults());
    }
}
