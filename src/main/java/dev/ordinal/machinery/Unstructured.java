package dev.ordinal.machinery;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An API object as JSON, with typed access to the parts of {@code metadata} the machinery needs:
 * the counterpart of upstream's {@code unstructured.Unstructured}. The generic registry and the
 * store work on this view so that stored JSON keeps exactly the shape clients sent; kind-specific
 * strategies read the fabric8 typed view where they need it.
 */
public final class Unstructured {

    private final ObjectNode root;

    public Unstructured(ObjectNode root) {
        this.root = root;
    }

    public static Unstructured empty() {
        return new Unstructured(JsonNodeFactory.instance.objectNode());
    }

    public ObjectNode json() {
        return root;
    }

    public Unstructured deepCopy() {
        return new Unstructured(root.deepCopy());
    }

    public ObjectNode metadata() {
        JsonNode metadata = root.get("metadata");
        if (metadata == null || !metadata.isObject()) {
            return root.putObject("metadata");
        }
        return (ObjectNode) metadata;
    }

    public String apiVersion() {
        return text(root, "apiVersion");
    }

    public String kind() {
        return text(root, "kind");
    }

    public String name() {
        return text(metaOrNull(), "name");
    }

    public String generateName() {
        return text(metaOrNull(), "generateName");
    }

    public String namespace() {
        return text(metaOrNull(), "namespace");
    }

    public String uid() {
        return text(metaOrNull(), "uid");
    }

    public String resourceVersion() {
        return text(metaOrNull(), "resourceVersion");
    }

    public String deletionTimestamp() {
        return text(metaOrNull(), "deletionTimestamp");
    }

    public boolean isBeingDeleted() {
        return !deletionTimestamp().isEmpty();
    }

    public long generation() {
        JsonNode meta = metaOrNull();
        return meta == null ? 0 : meta.path("generation").asLong(0);
    }

    public Map<String, String> labels() {
        return stringMap("labels");
    }

    public Map<String, String> annotations() {
        return stringMap("annotations");
    }

    public java.util.List<String> finalizers() {
        java.util.List<String> finalizers = new java.util.ArrayList<>();
        JsonNode meta = metaOrNull();
        if (meta != null && meta.path("finalizers").isArray()) {
            meta.get("finalizers").forEach(f -> finalizers.add(f.asString("")));
        }
        return finalizers;
    }

    public Unstructured setMeta(String field, String value) {
        if (value == null || value.isEmpty()) {
            metadata().remove(field);
        } else {
            metadata().put(field, value);
        }
        return this;
    }

    public Unstructured setGeneration(long generation) {
        metadata().put("generation", generation);
        return this;
    }

    /** The object at {@code path} (dot-separated), or a missing node. */
    public JsonNode at(String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    private Map<String, String> stringMap(String field) {
        Map<String, String> map = new LinkedHashMap<>();
        JsonNode meta = metaOrNull();
        if (meta != null && meta.path(field).isObject()) {
            meta.get(field).properties().forEach(e -> map.put(e.getKey(), e.getValue().asString("")));
        }
        return map;
    }

    private JsonNode metaOrNull() {
        JsonNode meta = root.get("metadata");
        return meta != null && meta.isObject() ? meta : null;
    }

    private static String text(JsonNode node, String field) {
        if (node == null) {
            return "";
        }
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? "" : value.asString("");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Unstructured other && root.equals(other.root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
