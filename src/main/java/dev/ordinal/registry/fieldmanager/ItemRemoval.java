package dev.ordinal.registry.fieldmanager;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Removes the fields and list items of a set from a value (upstream's {@code TypedValue.RemoveItems}).
 * A map or list left with nothing in it goes too, as upstream leaves it null.
 */
final class ItemRemoval {

    private ItemRemoval() {
    }

    /** A copy of {@code value} without {@code items}; null when nothing is left of it. */
    static JsonNode remove(JsonNode value, FieldSet items, TypeSchema type) {
        return switch (type.shapeOf(value)) {
            case MAP -> type.map().atomic() ? null : removeFromMap(value, items, type.map());
            case LIST -> type.list().atomic() ? null : removeFromList(value, items, type.list());
            case LEAF -> value.deepCopy();
        };
    }

    private static JsonNode removeFromMap(JsonNode value, FieldSet items, TypeSchema.MapType map) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            PathElement pe = PathElement.field(entry.getKey());
            if (items.members().contains(pe)) {
                continue;
            }
            FieldSet below = items.withPrefix(pe);
            if (below.isEmpty()) {
                out.set(entry.getKey(), entry.getValue().deepCopy());
                continue;
            }
            JsonNode rest = remove(entry.getValue(), below, map.typeOf(entry.getKey()).orElse(TypeSchema.DEDUCED));
            if (rest != null) {
                out.set(entry.getKey(), rest);
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static JsonNode removeFromList(JsonNode value, FieldSet items, TypeSchema.ListType list) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode item : value) {
            PathElement pe = ListItems.elementOf(list, item);
            if (items.members().contains(pe)) {
                continue;
            }
            FieldSet below = items.withPrefix(pe);
            JsonNode rest = below.isEmpty() ? item.deepCopy() : remove(item, below, list.element().get());
            out.add(rest == null ? JsonNodeFactory.instance.nullNode() : rest);
        }
        return out.isEmpty() ? null : out;
    }
}
