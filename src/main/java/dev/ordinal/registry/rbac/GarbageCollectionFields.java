package dev.ordinal.registry.rbac;

import java.util.List;

import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

/**
 * Upstream's {@code IsOnlyMutatingGCFields}: an update that changes nothing but owner references
 * and finalizers, as the garbage collector makes, is not checked for escalation, so the
 * collector can always finish deleting a role or binding.
 */
final class GarbageCollectionFields {

    private static final List<String> IGNORED = List.of("ownerReferences", "finalizers", "resourceVersion",
            "managedFields", "generation");

    private GarbageCollectionFields() {
    }

    static boolean onlyTheyChanged(Unstructured object, Unstructured old) {
        return withoutThem(object).equals(withoutThem(old));
    }

    private static ObjectNode withoutThem(Unstructured object) {
        ObjectNode copy = object.json().deepCopy();
        if (copy.path("metadata") instanceof ObjectNode metadata) {
            IGNORED.forEach(metadata::remove);
        }
        return copy;
    }
}
