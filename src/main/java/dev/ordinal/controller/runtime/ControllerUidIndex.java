package dev.ordinal.controller.runtime;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;

/**
 * An index of objects by the UID of their controller, orphans by namespace (upstream's
 * PodControllerUIDIndex with its per-namespace orphan key, controller_utils.go): a controller's
 * sync looks at the objects it controls and the orphans it might adopt, not at every object of
 * the namespace, most of them other controllers'.
 */
public final class ControllerUidIndex {

    public static final String NAME = "controllerUID";
    /** No UID starts with it, so orphans never mix with a controller's objects. */
    private static final String ORPHAN_PREFIX = "_ORPHAN/";

    private ControllerUidIndex() {
    }

    /** The UID of the reference with {@code controller: true}, or the orphan key of the object's namespace. */
    public static List<String> values(Unstructured object) {
        for (JsonNode reference : object.json().path("metadata").path("ownerReferences")) {
            if (reference.path("controller").asBoolean(false)) {
                return List.of(reference.path("uid").asString(""));
            }
        }
        return List.of(orphansOf(object.namespace()));
    }

    /** The value the orphans of a namespace are filed under. */
    public static String orphansOf(String namespace) {
        return ORPHAN_PREFIX + namespace;
    }

    /**
     * The objects of the informer, which must keep this index, that {@code owner} controls in its
     * namespace, followed by the orphans of that namespace it might adopt (upstream
     * FilterPodsByOwner with orphans included).
     */
    public static List<Unstructured> controlledOrOrphaned(SharedIndexInformer informer, Unstructured owner) {
        List<Unstructured> objects = new ArrayList<>();
        for (Unstructured object : informer.byIndex(NAME, owner.uid())) {
            if (object.namespace().equals(owner.namespace())) {
                objects.add(object);
            }
        }
        objects.addAll(informer.byIndex(NAME, orphansOf(owner.namespace())));
        return objects;
    }
}
