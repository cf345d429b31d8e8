package dev.ordinal.registry.fieldmanager;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * The fields a value sets (upstream's {@code TypedValue.ToFieldSet}): every leaf, every item of
 * a granular list, an atomic list or map as one field, and fields whose value is null or an empty
 * object, which have no leaves of their own.
 */
public final class FieldSets {

    private FieldSets() {
    }

    public static FieldSet of(JsonNode value, TypeSchema type) {
        FieldSet set = new FieldSet();
        walk(value, type, FieldPath.ROOT, set);
        return set;
    }

    private static void walk(JsonNode value, TypeSchema type, FieldPath path, FieldSet set) {
        switch (type.shapeOf(value)) {
            case MAP -> {
                TypeSchema.MapType map = type.map();
                if (map.atomic()) {
                    set.insert(path);
                    return;
                }
                for (Map.Entry<String, JsonNode> entry : value.properties()) {
                    FieldPath child = path.child(PathElement.field(entry.getKey()));
                    JsonNode childValue = entry.getValue();
                    walk(childValue, map.typeOf(entry.getKey()).orElse(TypeSchema.DEDUCED), child, set);
                    if (childValue.isNull() || childValue.isObject() && childValue.isEmpty()
                            || !map.declares(entry.getKey())) {
                        set.insert(child);
                    }
                }
            }
            case LIST -> {
                TypeSchema.ListType list = type.list();
                if (list.atomic()) {
                    set.insert(path);
                    return;
                }
                Set<PathElement> seen = new HashSet<>();
                Set<PathElement> duplicates = new HashSet<>();
                for (JsonNode item : value) {
                    PathElement element = ListItems.elementOf(list, item);
                    if (!seen.add(element) && duplicates.add(element)) {
                        set.insert(path.child(element));
                    }
                }
                for (JsonNode item : value) {
                    PathElement element = ListItems.elementOf(list, item);
                    if (duplicates.contains(element)) {
                        continue;
                    }
                    walk(item, list.element().get(), path.child(element), set);
                    set.insert(path.child(element));
                }
            }
            case LEAF -> set.insert(path);
        }
    }

    /**
     * Adds as members the declared fields that only lead to deeper members (upstream's
     * {@code EnsureNamedFieldsAreMembers}), so that removing a set's items also removes the
     * structs they were in.
     */
    static FieldSet ensureNamedFieldsAreMembers(FieldSet set, TypeSchema type) {
        FieldSet out = new FieldSet();
        out.members().addAll(set.members());
        TypeSchema.MapType map = type == null ? null : type.map();
        TypeSchema.ListType list = type == null ? null : type.list();
        set.children().forEach((element, child) -> {
            TypeSchema childType = null;
            if (element.kind() == PathElement.Kind.FIELD && map != null) {
                if (map.declares(element.fieldName())) {
                    out.members().add(element);
                }
                childType = map.typeOf(element.fieldName()).orElse(null);
            } else if (element.kind() == PathElement.Kind.KEY && list != null) {
                childType = list.element().get();
            }
            out.children().put(element, ensureNamedFieldsAreMembers(child, childType));
        });
        return out;
    }
}
