package dev.ordinal.registry.fieldmanager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * What changed from one value to another (upstream's {@code TypedValue.Compare}): leaves and
 * atomic lists or maps that were added, removed or modified, list items by their keys, and
 * granular maps and lists that appeared or disappeared as a whole.
 */
public record Comparison(FieldSet removed, FieldSet modified, FieldSet added) {

    public static Comparison of(JsonNode lhs, JsonNode rhs, TypeSchema type) {
        Comparison comparison = new Comparison(new FieldSet(), new FieldSet(), new FieldSet());
        comparison.compare(lhs, rhs, type, FieldPath.ROOT);
        return comparison;
    }

    /** This comparison without {@code fields} and everything below them. */
    Comparison excluding(FieldSet fields) {
        return new Comparison(removed.recursiveDifference(fields), modified.recursiveDifference(fields),
                added.recursiveDifference(fields));
    }

    private void compare(JsonNode lhs, JsonNode rhs, TypeSchema type, FieldPath path) {
        TypeSchema.Shape shape = type.shapeOf(lhs, rhs);
        boolean leaf = switch (shape) {
            case MAP -> type.map().atomic() || isEmpty(lhs) && isEmpty(rhs);
            case LIST -> type.list().atomic() || isEmpty(lhs) && isEmpty(rhs);
            case LEAF -> true;
        };
        if (leaf) {
            if (lhs == null) {
                added.insert(path);
            } else if (rhs == null) {
                removed.insert(path);
            } else if (!JsonValues.equal(lhs, rhs)) {
                modified.insert(path);
            }
            return;
        }
        if (shape == TypeSchema.Shape.MAP) {
            compareMaps(lhs, rhs, type.map(), path);
        } else {
            compareLists(lhs, rhs, type.list(), path);
        }
        if (lhs == null) {
            added.insert(path);
        } else if (rhs == null) {
            removed.insert(path);
        }
    }

    private static boolean isEmpty(JsonNode node) {
        return node == null || node.isNull() || node.isContainer() && node.isEmpty();
    }

    private void compareMaps(JsonNode lhs, JsonNode rhs, TypeSchema.MapType map, FieldPath path) {
        Set<String> keys = new LinkedHashSet<>();
        if (lhs != null && lhs.isObject()) {
            keys.addAll(lhs.propertyNames());
        }
        if (rhs != null && rhs.isObject()) {
            keys.addAll(rhs.propertyNames());
        }
        for (String key : keys) {
            JsonNode l = lhs == null ? null : lhs.get(key);
            JsonNode r = rhs == null ? null : rhs.get(key);
            compare(l, r, map.typeOf(key).orElse(TypeSchema.DEDUCED), path.child(PathElement.field(key)));
        }
    }

    private void compareLists(JsonNode lhs, JsonNode rhs, TypeSchema.ListType list, FieldPath path) {
        Map<PathElement, List<JsonNode>> left = items(lhs, list);
        Map<PathElement, List<JsonNode>> right = items(rhs, list);
        Set<PathElement> all = new LinkedHashSet<>(left.keySet());
        all.addAll(right.keySet());
        TypeSchema element = list.element().get();
        for (PathElement pe : all) {
            List<JsonNode> l = left.getOrDefault(pe, List.of());
            List<JsonNode> r = right.getOrDefault(pe, List.of());
            FieldPath itemPath = path.child(pe);
            if (l.size() <= 1 && r.size() <= 1) {
                compare(l.isEmpty() ? null : l.get(0), r.isEmpty() ? null : r.get(0), element, itemPath);
            } else if (l.size() >= 2 && r.size() >= 2) {
                if (!sameItems(l, r)) {
                    modified.insert(itemPath);
                }
            } else if (l.size() >= 2) {
                if (!r.isEmpty()) {
                    compare(null, r.get(0), element, itemPath);
                }
                removed.insert(itemPath);
            } else {
                if (!l.isEmpty()) {
                    compare(l.get(0), null, element, itemPath);
                }
                added.insert(itemPath);
            }
        }
    }

    private static Map<PathElement, List<JsonNode>> items(JsonNode node, TypeSchema.ListType list) {
        Map<PathElement, List<JsonNode>> items = new LinkedHashMap<>();
        if (node != null && node.isArray()) {
            for (JsonNode item : node) {
                items.computeIfAbsent(ListItems.elementOf(list, item), e -> new ArrayList<>()).add(item);
            }
        }
        return items;
    }

    private static boolean sameItems(List<JsonNode> a, List<JsonNode> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!JsonValues.equal(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
