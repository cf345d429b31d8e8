package dev.ordinal.registry.apiextensions.schema;

import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies a structural schema's {@code default}s, as upstream's {@code defaulting.Default}: a
 * property that is missing, or null where the schema is not nullable, gets a copy of its default;
 * so does a null list item; then every value is defaulted by its own schema, top down, so the
 * defaults of a defaulted object are applied too.
 */
public final class Defaulting {

    private Defaulting() {
    }

    public static void apply(JsonNode value, StructuralSchema schema) {
        if (value instanceof ObjectNode object) {
            for (Map.Entry<String, StructuralSchema> property : schema.properties().entrySet()) {
                Optional<JsonNode> defaultValue = property.getValue().defaultValue();
                JsonNode current = object.get(property.getKey());
                if (defaultValue.isPresent() && (current == null || nonNullableNull(current, property.getValue()))) {
                    object.set(property.getKey(), defaultValue.get().deepCopy());
                }
            }
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                schema.fieldSchema(field.getKey()).ifPresent(s -> apply(field.getValue(), s));
            }
        } else if (value instanceof ArrayNode array) {
            schema.items().ifPresent(items -> {
                for (int i = 0; i < array.size(); i++) {
                    Optional<JsonNode> defaultValue = items.defaultValue();
                    if (defaultValue.isPresent() && nonNullableNull(array.get(i), items)) {
                        array.set(i, defaultValue.get().deepCopy());
                    }
                    apply(array.get(i), items);
                }
            });
        }
    }

    private static boolean nonNullableNull(JsonNode value, StructuralSchema schema) {
        return value.isNull() && !schema.nullable();
    }
}
