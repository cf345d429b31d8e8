package dev.ordinal.controller;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * Adoption and release as upstream's controller ref manager writes them: a patch of the child's
 * ownerReferences with the child's UID as precondition, so it never touches another object that
 * took the same name meanwhile.
 */
public final class OwnerReferencePatches {

    private final GenericRegistry registry;
    private final ResourceDefinition children;
    private final OwnerReferences.Kind ownerKind;

    public OwnerReferencePatches(GenericRegistry registry, ResourceDefinition children,
                                 OwnerReferences.Kind ownerKind) {
        this.registry = registry;
        this.children = children;
        this.ownerKind = ownerKind;
    }

    /** Makes {@code owner} the child's controller; answers the child as written. */
    public Unstructured adopt(Unstructured owner, Unstructured child) {
        return registry.patch(children, child.namespace(), child.name(), current -> {
            requireUid(current, child.uid());
            List<JsonNode> refs = withoutOwner(current, owner.uid());
            refs.add(OwnerReferences.controllerRef(owner, ownerKind));
            OwnerReferences.set(current, refs);
            return current;
        }, null, WriteOptions.defaults());
    }

    /** Removes the child's reference to {@code owner}; answers the child as written. */
    public Unstructured release(Unstructured owner, Unstructured child) {
        return registry.patch(children, child.namespace(), child.name(), current -> {
            requireUid(current, child.uid());
            OwnerReferences.set(current, withoutOwner(current, owner.uid()));
            return current;
        }, null, WriteOptions.defaults());
    }

    private static List<JsonNode> withoutOwner(Unstructured object, String ownerUid) {
        List<JsonNode> refs = new ArrayList<>(OwnerReferences.of(object));
        refs.removeIf(ref -> OwnerReferences.uid(ref).equals(ownerUid));
        return refs;
    }

    /** The patch's UID precondition, worded as upstream's. */
    private void requireUid(Unstructured current, String uid) {
        if (!uid.isEmpty() && !uid.equals(current.uid())) {
            throw StatusError.conflict(children.groupResource(), current.name(),
                    "Precondition failed: UID in precondition: " + uid + ", UID in object meta: " + current.uid());
        }
    }
}
