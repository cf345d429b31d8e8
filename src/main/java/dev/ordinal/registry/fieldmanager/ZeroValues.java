package dev.ordinal.registry.fieldmanager;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The new, empty object a create is compared with. Upstream compares with the zero value of the
 * Go type, in which every struct held by value (not by pointer) is present and empty; the OpenAPI
 * documents mark exactly those fields with {@code "default": {}}. So a create owns
 * {@code spec.replicas} but not {@code spec} itself, while a new {@code metadata.labels} map is
 * owned as a whole too, as on a real cluster.
 */
final class ZeroValues {

    private static final int MAX_DEPTH = 32;

    private ZeroValues() {
    }

    static ObjectNode of(TypeSchema type) {
        return zero(type, 0);
    }

    private static ObjectNode zero(TypeSchema type, int depth) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        if (type.map() == null || depth > MAX_DEPTH) {
            return object;
        }
        for (Map.Entry<String, TypeSchema.Field> field : type.map().fields().entrySet()) {
            JsonNode defaultValue = field.getValue().defaultValue();
            if (defaultValue != null && defaultValue.isObject() && defaultValue.isEmpty()) {
                object.set(field.getKey(), zero(field.getValue().type().get(), depth + 1));
            }
        }
        return object;
    }
}
