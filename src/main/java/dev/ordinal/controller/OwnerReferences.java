package dev.ordinal.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

/** Reads and builds {@code metadata.ownerReferences}, as upstream's metav1 owner helpers do. */
public final class OwnerReferences {

    public static final Kind STATEFUL_SET = new Kind("apps/v1", "StatefulSet");
    public static final Kind REPLICA_SET = new Kind("apps/v1", "ReplicaSet");
    public static final Kind DEPLOYMENT = new Kind("apps/v1", "Deployment");
    public static final Kind DAEMON_SET = new Kind("apps/v1", "DaemonSet");
    public static final Kind POD = new Kind("v1", "Pod");

    private OwnerReferences() {
    }

    /** A reference marking {@code owner} as the controller (upstream metav1.NewControllerRef). */
    public static ObjectNode controllerRef(Unstructured owner, Kind kind) {
        return JsonNodeFactory.instance.objectNode()
                .put("apiVersion", kind.apiVersion())
                .put("kind", kind.kind())
                .put("name", owner.name())
                .put("uid", owner.uid())
                .put("controller", true)
                .put("blockOwnerDeletion", true);
    }

    public static List<JsonNode> of(Unstructured object) {
        List<JsonNode> refs = new ArrayList<>();
        object.metadata().path("ownerReferences").forEach(refs::add);
        return refs;
    }

    public static void set(Unstructured object, List<JsonNode> refs) {
        if (refs.isEmpty()) {
            object.metadata().remove("ownerReferences");
            return;
        }
        ArrayNode array = object.metadata().putArray("ownerReferences");
        refs.forEach(array::add);
    }

    /** The reference with {@code controller: true}, if any (upstream metav1.GetControllerOf). */
    public static Optional<JsonNode> controllerOf(Unstructured object) {
        return of(object).stream().filter(OwnerReferences::isController).findFirst();
    }

    public static boolean isController(JsonNode ref) {
        return ref.path("controller").asBoolean(false);
    }

    /** Whether any reference names {@code owner}'s UID, controller or not. */
    public static boolean hasOwnerRef(Unstructured target, Unstructured owner) {
        return of(target).stream().anyMatch(ref -> uid(ref).equals(owner.uid()));
    }

    public static String uid(JsonNode ref) {
        return ref.path("uid").asString("");
    }

    /** Whether {@code ref} names {@code object} by kind and name, whatever its UID. */
    public static boolean matches(JsonNode ref, Unstructured object, Kind kind) {
        return kind.apiVersion().equals(ref.path("apiVersion").asString(""))
                && kind.kind().equals(ref.path("kind").asString(""))
                && object.name().equals(ref.path("name").asString(""));
    }

    /** An owner's group/version and kind, as the references carry them. */
    public record Kind(String apiVersion, String kind) {
    }
}
