package dev.ordinal.registry.fieldmanager;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Objects as upstream's field manager sees them: converted to their Go types and back, so that
 * structs held by value are always there, empty if nothing is set (the OpenAPI documents give
 * them {@code "default": {}}), and fields without {@code omitempty} (the {@code required} ones)
 * always have a value, null for lists and maps. Ownership compares objects in this form: a create
 * owns {@code spec.replicas} but not {@code spec} itself, while a new {@code metadata.labels} map is
 * owned as a whole too, as on a real cluster. Only comparisons use it; stored objects keep the
 * shape clients gave them.
 */
final class ZeroValues {

    private static final int MAX_DEPTH = 64;

    private ZeroValues() {
    }

    /** A copy of {@code value} with the struct fields and required fields its type always has. */
    static JsonNode filled(JsonNode value, TypeSchema type) {
        return fill(value, type, 0);
    }

    private static JsonNode fill(JsonNode value, TypeSchema type, int depth) {
        if (depth > MAX_DEPTH) {
            return value.deepCopy();
        }
        if (value.isObject() && type.map() != null) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                out.set(entry.getKey(), type.map().typeOf(entry.getKey())
                        .map(t -> fill(entry.getValue(), t, depth + 1)).orElse(entry.getValue().deepCopy()));
            }
            for (Map.Entry<String, TypeSchema.Field> entry : type.map().fields().entrySet()) {
                if (!out.has(entry.getKey())) {
                    JsonNode zero = zero(entry.getValue(), depth);
                    if (zero != null) {
                        out.set(entry.getKey(), zero);
                    }
                }
            }
            return out;
        }
        if (value.isArray() && type.list() != null) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            TypeSchema element = type.list().element().get();
            value.forEach(item -> out.add(fill(item, element, depth + 1)));
            return out;
        }
        return value.deepCopy();
    }

    /** The value an absent field has in a Go object, or null when the field is omitted. */
    private static JsonNode zero(TypeSchema.Field field, int depth) {
        JsonNode defaultValue = field.defaultValue();
        if (defaultValue != null && defaultValue.isObject() && defaultValue.isEmpty()) {
            return fill(JsonNodeFactory.instance.objectNode(), field.type().get(), depth + 1);
        }
        if (!field.required()) {
            return null;
        }
        TypeSchema type = field.type().get();
        boolean scalar = type.map() == null && type.list() == null;
        return scalar && defaultValue != null ? defaultValue.deepCopy() : JsonNodeFactory.instance.nullNode();
    }
}
