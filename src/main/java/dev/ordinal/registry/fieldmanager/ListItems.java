package dev.ordinal.registry.fieldmanager;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.go.GoText;

/**
 * The path element of an item of an associative list (upstream's {@code listItemToPathElement}):
 * its key fields for a list map, a key missing from the item taking the schema default of that
 * field (so {@code {"containerPort": 80}} is {@code k:{"containerPort":80,"protocol":"TCP"}}), or
 * the item itself for a set.
 */
final class ListItems {

    private ListItems() {
    }

    static PathElement elementOf(TypeSchema.ListType list, JsonNode item) {
        if (!list.keys().isEmpty()) {
            return keyOf(list, item);
        }
        if (item.isObject()) {
            throw new IllegalArgumentException("associative list without keys has an element that's a map type");
        }
        if (item.isArray()) {
            throw new IllegalArgumentException("not supported: associative list with lists as elements");
        }
        if (item.isNull()) {
            throw new IllegalArgumentException("associative list without keys has an element that's an explicit null");
        }
        return PathElement.value(item);
    }

    private static PathElement keyOf(TypeSchema.ListType list, JsonNode item) {
        if (item.isNull()) {
            throw new IllegalArgumentException("associative list with keys may not have a null element");
        }
        if (!item.isObject()) {
            throw new IllegalArgumentException("associative list with keys may not have non-map elements");
        }
        TypeSchema.MapType element = list.element().get().map();
        List<PathElement.KeyField> fields = new ArrayList<>();
        for (String key : list.keys()) {
            JsonNode value = item.get(key);
            if (value == null && element != null && element.fields().containsKey(key)) {
                value = element.fields().get(key).defaultValue();
            }
            if (value != null) {
                fields.add(new PathElement.KeyField(key, value));
            }
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("associative list with keys has an element that omits all key fields "
                    + list.keys().stream().map(GoText::quote).collect(Collectors.joining(" ", "[", "]"))
                    + " (and doesn't have default values for any key fields)");
        }
        return PathElement.key(fields);
    }
}
