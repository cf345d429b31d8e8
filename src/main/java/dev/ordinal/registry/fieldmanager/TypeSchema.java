package dev.ordinal.registry.fieldmanager;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

/**
 * The shape of a value as server-side apply merges it (structured-merge-diff's {@code schema.Atom}):
 * which of scalar, list and map it may be, and for lists and maps whether they are atomic (owned and
 * replaced whole) or granular (owned item by item, field by field). Children are resolved lazily,
 * so recursive types cost nothing until a value goes there.
 *
 * @param scalar whether a scalar value is accepted
 * @param list   how a list value is tracked, or null when lists are not accepted
 * @param map    how a map (object) value is tracked, or null when maps are not accepted
 */
public record TypeSchema(boolean scalar, ListType list, MapType map) {

    /**
     * A list: atomic, a set of scalars (associative without keys), or a map by {@code keys}
     * (associative with keys, {@code x-kubernetes-list-map-keys} or the patch merge key).
     */
    public record ListType(boolean atomic, List<String> keys, Supplier<TypeSchema> element) {

        public boolean associative() {
            return !atomic;
        }
    }

    /**
     * A map: its declared fields, and the type of any other key ({@code elementType}), null when
     * other keys are not allowed (a struct without {@code additionalProperties}).
     */
    public record MapType(boolean atomic, Map<String, Field> fields, Supplier<TypeSchema> elementType) {

        /** The type of the value under {@code key}, empty when the key is not allowed. */
        public Optional<TypeSchema> typeOf(String key) {
            Field field = fields.get(key);
            if (field != null) {
                return Optional.of(field.type().get());
            }
            return elementType == null ? Optional.empty() : Optional.of(elementType.get());
        }

        public boolean declares(String key) {
            return fields.containsKey(key);
        }
    }

    /**
     * A declared field: its type, its schema default (used for missing list-map keys) and whether
     * the schema requires it (it is never omitted from an object).
     */
    public record Field(Supplier<TypeSchema> type, JsonNode defaultValue, boolean required) {
    }

    /** Any scalar, or a list or map owned whole: upstream's {@code __untyped_atomic_}. */
    public static final TypeSchema UNTYPED = new TypeSchema(true,
            new ListType(true, List.of(), TypeSchema::untyped), new MapType(true, Map.of(), TypeSchema::untyped));

    /**
     * A value without a schema: scalars, atomic lists, and maps tracked key by key, upstream's
     * {@code __untyped_deduced_} (free-form objects, {@code x-kubernetes-preserve-unknown-fields}).
     */
    public static final TypeSchema DEDUCED = new TypeSchema(true,
            new ListType(true, List.of(), TypeSchema::untyped), new MapType(false, Map.of(), TypeSchema::deduced));

    private static TypeSchema untyped() {
        return UNTYPED;
    }

    private static TypeSchema deduced() {
        return DEDUCED;
    }

    /** The same type with its map atomic or granular, as a property's {@code x-kubernetes-map-type} overrides. */
    TypeSchema withAtomicMap(boolean atomic) {
        return map == null ? this : new TypeSchema(scalar, list, new MapType(atomic, map.fields(), map.elementType()));
    }

    /** How {@code value} is walked: as a map, a list, or else a leaf. */
    Shape shapeOf(JsonNode value) {
        if (value != null && value.isObject() && map != null) {
            return Shape.MAP;
        }
        if (value != null && value.isArray() && list != null) {
            return Shape.LIST;
        }
        return Shape.LEAF;
    }

    /**
     * How two versions of a value are walked together. A null on one side takes the other's shape,
     * as null is a valid (empty) list or map; values of different shapes are leaves.
     */
    Shape shapeOf(JsonNode before, JsonNode after) {
        boolean hasBefore = before != null && !before.isNull();
        boolean hasAfter = after != null && !after.isNull();
        if (hasBefore && hasAfter) {
            Shape shape = shapeOf(after);
            return shape == shapeOf(before) ? shape : Shape.LEAF;
        }
        return hasAfter ? shapeOf(after) : hasBefore ? shapeOf(before) : Shape.LEAF;
    }

    enum Shape { MAP, LIST, LEAF }
}
