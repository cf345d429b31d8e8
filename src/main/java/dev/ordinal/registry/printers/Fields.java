package dev.ordinal.registry.printers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

/**
 * Reads an object's JSON the way upstream's printers see a decoded Go struct: an absent string is
 * empty, an absent number is zero, an absent list or map has no entries.
 */
final class Fields {

    private Fields() {
    }

    static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asString("") : "";
    }

    static String text(JsonNode parent, String field) {
        return text(parent.path(field));
    }

    /** The text of a field Go declares as a pointer: {@code whenUnset} only where it is absent or null. */
    static String textOr(JsonNode node, String whenUnset) {
        return node.isMissingNode() || node.isNull() ? whenUnset : text(node);
    }

    static long number(JsonNode node) {
        return node.asLong(0);
    }

    static boolean isTrue(JsonNode node) {
        return node.isBoolean() && node.asBoolean();
    }

    /** The number of entries of a list or a map. */
    static int count(JsonNode node) {
        return node.isArray() || node.isObject() ? node.size() : 0;
    }

    /** The entries of a list; nothing for anything else. */
    static List<JsonNode> items(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        }
        return items;
    }

    static String orNone(String value) {
        return value.isEmpty() ? "<none>" : value;
    }

    /** A string map as {@code labels.FormatLabels} prints it: sorted {@code k=v} pairs, or {@code <none>}. */
    static String labels(JsonNode map) {
        Map<String, String> sorted = new TreeMap<>();
        if (map.isObject()) {
            map.properties().forEach(e -> sorted.put(e.getKey(), text(e.getValue())));
        }
        return orNone(sorted.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",")));
    }
}
