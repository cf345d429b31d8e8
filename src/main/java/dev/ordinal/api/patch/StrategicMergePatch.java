package dev.ordinal.api.patch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies a strategic merge patch (application/strategic-merge-patch+json) as upstream's
 * {@code strategicpatch.StrategicMergePatch} does: maps merge recursively and {@code null}
 * deletes; lists whose schema says {@code merge} merge by their merge key (scalars by value), all
 * other lists are replaced; and the directives {@code $patch} (replace, delete, merge),
 * {@code $retainKeys}, {@code $setElementOrder/<list>} and {@code $deleteFromPrimitiveList/<list>}
 * are honoured and never stored.
 */
public final class StrategicMergePatch {

    private static final String PATCH = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String SET_ORDER = "$setElementOrder/";
    private static final String DELETE_PRIMITIVE = "$deleteFromPrimitiveList/";

    private StrategicMergePatch() {
    }

    /** Returns {@code original} patched; neither argument is changed. */
    public static ObjectNode apply(ObjectNode original, ObjectNode patch, PatchSchema schema) {
        ObjectNode result = mergeMap(original.deepCopy(), patch, schema);
        return result == null ? JsonNodeFactory.instance.objectNode() : result;
    }

    /** Merges {@code patch} into {@code original} (mutated); null when the map is deleted. */
    private static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, PatchSchema schema) {
        String directive = patch.path(PATCH).asString("");
        switch (directive) {
            case "delete" -> {
                return null;
            }
            case "replace" -> {
                return withoutDirectives(patch);
            }
            case "", "merge" -> { }
            default -> throw new InvalidPatchException("unknown patch type: " + directive + " in map: " + patch);
        }
        JsonNode retain = patch.get(RETAIN_KEYS);
        if (retain != null) {
            if (!retain.isArray()) {
                throw new InvalidPatchException("invalid patch: " + RETAIN_KEYS + " must be a list");
            }
            Set<String> kept = new LinkedHashSet<>();
            retain.forEach(key -> kept.add(key.asString("")));
            original.propertyNames().stream().filter(name -> !kept.contains(name)).toList().forEach(original::remove);
        }
        Map<String, JsonNode> orders = new java.util.HashMap<>();
        for (Map.Entry<String, JsonNode> entry : patch.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (key.equals(PATCH) || key.equals(RETAIN_KEYS)) {
                continue;
            }
            if (key.startsWith(SET_ORDER)) {
                orders.put(key.substring(SET_ORDER.length()), value);
                continue;
            }
            if (key.startsWith(DELETE_PRIMITIVE)) {
                deleteFromPrimitiveList(original, key.substring(DELETE_PRIMITIVE.length()), value);
                continue;
            }
            if (value.isNull()) {
                original.remove(key);
                continue;
            }
            JsonNode current = original.get(key);
            PatchSchema fieldSchema = schema.field(key);
            if (value.isObject()) {
                ObjectNode base = current != null && current.isObject() ? (ObjectNode) current
                        : JsonNodeFactory.instance.objectNode();
                ObjectNode merged = mergeMap(base, (ObjectNode) value, fieldSchema);
                if (merged == null) {
                    original.remove(key);
                } else {
                    original.set(key, merged);
                }
            } else if (value.isArray()) {
                FieldPatchStrategy strategy = schema.strategy(key);
                ArrayNode base = current != null && current.isArray() ? (ArrayNode) current : null;
                original.set(key, mergeList(base, (ArrayNode) value, strategy, fieldSchema));
            } else {
                original.set(key, value.deepCopy());
            }
        }
        orders.forEach((field, order) -> applyOrder(original, field, order, schema.strategy(field)));
        return original;
    }

    private static ArrayNode mergeList(ArrayNode original, ArrayNode patch, FieldPatchStrategy strategy,
                                       PatchSchema itemSchema) {
        if (containsReplaceDirective(patch)) {
            ArrayNode replaced = JsonNodeFactory.instance.arrayNode();
            patch.forEach(item -> {
                if (!isDirectiveOnly(item)) {
                    replaced.add(item.isObject() ? withoutDirectives((ObjectNode) item) : item.deepCopy());
                }
            });
            return replaced;
        }
        if (!strategy.merge() || original == null) {
            ArrayNode fresh = JsonNodeFactory.instance.arrayNode();
            patch.forEach(item -> {
                if (item.isObject() && "delete".equals(item.path(PATCH).asString(""))) {
                    return;
                }
                fresh.add(item.isObject() ? withoutDirectives((ObjectNode) item) : item.deepCopy());
            });
            return fresh;
        }
        ArrayNode merged = original.deepCopy();
        if (strategy.mergeKey().isEmpty()) {
            // A merged list of scalars: the union, original order first.
            for (JsonNode item : patch) {
                if (!contains(merged, item)) {
                    merged.add(item.deepCopy());
                }
            }
            return merged;
        }
        String mergeKey = strategy.mergeKey();
        for (JsonNode item : patch) {
            if (!item.isObject()) {
                throw new InvalidPatchException("invalid patch: a list merged by key " + mergeKey
                        + " holds a non-object: " + item);
            }
            JsonNode keyValue = item.get(mergeKey);
            if (keyValue == null) {
                throw new InvalidPatchException("map: " + item + " does not contain declared merge key: " + mergeKey);
            }
            int index = indexOf(merged, mergeKey, keyValue);
            String directive = item.path(PATCH).asString("");
            if (directive.equals("delete")) {
                while (index >= 0) {
                    merged.remove(index);
                    index = indexOf(merged, mergeKey, keyValue);
                }
            } else if (index >= 0) {
                ObjectNode patched = mergeMap((ObjectNode) merged.get(index), (ObjectNode) item, itemSchema);
                if (patched == null) {
                    merged.remove(index);
                } else {
                    merged.set(index, patched);
                }
            } else {
                merged.add(withoutDirectives((ObjectNode) item));
            }
        }
        return merged;
    }

    /** Orders a merged list as {@code $setElementOrder} lists it; unlisted elements keep their place after. */
    private static void applyOrder(ObjectNode target, String field, JsonNode order, FieldPatchStrategy strategy) {
        JsonNode list = target.get(field);
        if (list == null || !list.isArray() || !order.isArray()) {
            return;
        }
        List<JsonNode> remaining = new ArrayList<>();
        list.forEach(remaining::add);
        ArrayNode ordered = JsonNodeFactory.instance.arrayNode();
        for (JsonNode wanted : order) {
            Iterator<JsonNode> it = remaining.iterator();
            while (it.hasNext()) {
                JsonNode element = it.next();
                boolean same = strategy.mergeKey().isEmpty() ? element.equals(wanted)
                        : element.path(strategy.mergeKey()).equals(wanted.path(strategy.mergeKey()));
                if (same) {
                    ordered.add(element);
                    it.remove();
                    break;
                }
            }
        }
        remaining.forEach(ordered::add);
        target.set(field, ordered);
    }

    private static void deleteFromPrimitiveList(ObjectNode target, String field, JsonNode values) {
        JsonNode list = target.get(field);
        if (list == null || !list.isArray() || !values.isArray()) {
            return;
        }
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        list.forEach(item -> {
            if (!contains((ArrayNode) values, item)) {
                kept.add(item);
            }
        });
        target.set(field, kept);
    }

    private static boolean containsReplaceDirective(ArrayNode patch) {
        for (JsonNode item : patch) {
            if (item.isObject() && "replace".equals(item.path(PATCH).asString("")) && item.size() == 1) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDirectiveOnly(JsonNode item) {
        return item.isObject() && item.size() == 1 && item.has(PATCH);
    }

    private static ObjectNode withoutDirectives(ObjectNode node) {
        ObjectNode clean = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String key = entry.getKey();
            if (key.equals(PATCH) || key.equals(RETAIN_KEYS) || key.startsWith(SET_ORDER)
                    || key.startsWith(DELETE_PRIMITIVE)) {
                continue;
            }
            JsonNode value = entry.getValue();
            if (value.isObject()) {
                clean.set(key, withoutDirectives((ObjectNode) value));
            } else if (value.isArray()) {
                ArrayNode items = JsonNodeFactory.instance.arrayNode();
                value.forEach(item -> {
                    if (!isDirectiveOnly(item)) {
                        items.add(item.isObject() ? withoutDirectives((ObjectNode) item) : item.deepCopy());
                    }
                });
                clean.set(key, items);
            } else if (!value.isNull()) {
                clean.set(key, value.deepCopy());
            }
        }
        return clean;
    }

    private static int indexOf(ArrayNode list, String mergeKey, JsonNode keyValue) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).path(mergeKey).equals(keyValue)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean contains(ArrayNode list, JsonNode value) {
        for (JsonNode item : list) {
            if (item.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
