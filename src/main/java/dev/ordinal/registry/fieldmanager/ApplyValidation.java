package dev.ordinal.registry.fieldmanager;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Whether an applied configuration fits its schema, as upstream's conversion of the patch to a
 * typed value checks it: no field the schema does not declare (unless the map allows other keys),
 * and associative list items that have their keys and appear once. Errors read as upstream's,
 * e.g. {@code .spec.bogusField: field not declared in schema}.
 */
final class ApplyValidation {

    private ApplyValidation() {
    }

    static List<String> errors(JsonNode value, TypeSchema type) {
        List<String> errors = new ArrayList<>();
        validate(value, type, "", errors);
        return errors;
    }

    private static void validate(JsonNode value, TypeSchema type, String path, List<String> errors) {
        switch (type.shapeOf(value)) {
            case MAP -> {
                TypeSchema.MapType map = type.map();
                for (Map.Entry<String, JsonNode> entry : value.properties()) {
                    String child = path + "." + entry.getKey();
                    var childType = map.typeOf(entry.getKey());
                    if (childType.isEmpty()) {
                        errors.add(child + ": field not declared in schema");
                        return;
                    }
                    validate(entry.getValue(), childType.get(), child, errors);
                }
            }
            case LIST -> {
                TypeSchema.ListType list = type.list();
                Set<PathElement> seen = new HashSet<>();
                int i = 0;
                for (JsonNode item : value) {
                    String child = path + "[" + i + "]";
                    if (list.associative()) {
                        PathElement element;
                        try {
                            element = ListItems.elementOf(list, item);
                        } catch (IllegalArgumentException e) {
                            errors.add(path + ": element " + i + ": " + e.getMessage());
                            return;
                        }
                        if (!seen.add(element)) {
                            errors.add(path + ": duplicate entries for key " + element);
                        }
                        child = path + element;
                    }
                    validate(item, list.element().get(), child, errors);
                    i++;
                }
            }
            case LEAF -> { }
        }
    }
}
