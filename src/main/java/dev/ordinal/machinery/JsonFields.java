package dev.ordinal.machinery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reading and defaulting fields of an object's JSON the way upstream's Go structs see them: a
 * string field that is absent, {@code null} or {@code ""} is unset (protobuf bodies carry every
 * zero value), a pointer field only when absent or {@code null}, and a defaulter fills exactly the
 * unset ones. Strategies, defaulters, controllers and printers all read fields through here.
 */
public final class JsonFields {

    private JsonFields() {
    }

    /** The string value of a field, or {@code ""} when it is unset or not a string. */
    public static String text(JsonNode object, String field) {
        JsonNode value = object.path(field);
        return value.isString() ? value.stringValue() : "";
    }

    /**
     * The instant of an RFC 3339 time as a {@code metav1.Time} or {@code MicroTime} node holds it,
     * or {@code null} where the node is unset or holds no such time.
     */
    public static Instant time(JsonNode timestamp) {
        if (timestamp == null || !timestamp.isString() || timestamp.stringValue().isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(timestamp.stringValue()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static boolean isUnset(JsonNode object, String field) {
        JsonNode value = object.path(field);
        return value.isMissingNode() || value.isNull() || value.isString() && value.stringValue().isEmpty();
    }

    /** Absent or {@code null}: how a pointer field reads where Go holds a nil pointer. */
    public static boolean isNull(JsonNode object, String field) {
        return object.path(field).isMissingNode() || object.path(field).isNull();
    }

    /** Sets a string field that is unset. */
    public static void defaultText(ObjectNode object, String field, String value) {
        if (isUnset(object, field)) {
            object.put(field, value);
        }
    }

    /** Sets a number field that is absent, {@code null} or 0 (upstream's zero means "not set" here). */
    public static void defaultNumber(ObjectNode object, String field, long value) {
        if (object.path(field).asLong(0) == 0) {
            object.put(field, value);
        }
    }

    /** Gives {@code to} a copy of {@code from}'s field, or removes the field where {@code from} has none. */
    public static void copy(JsonNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value == null) {
            to.remove(field);
        } else {
            to.set(field, value.deepCopy());
        }
    }

    /**
     * A struct-typed field, which Go always has: the object at {@code field}, put there empty when
     * absent or {@code null}; {@code null} when it holds something that is not an object.
     */
    public static ObjectNode struct(ObjectNode parent, String field) {
        if (isNull(parent, field)) {
            return parent.putObject(field);
        }
        return parent.get(field) instanceof ObjectNode object ? object : null;
    }

    /** The object a field holds, created when it is absent or not an object. */
    public static ObjectNode object(ObjectNode parent, String field) {
        return parent.get(field) instanceof ObjectNode child ? child : parent.putObject(field);
    }

    /** The object elements of an array field, in order; empty when the field is no array. */
    public static List<ObjectNode> objects(JsonNode parent, String field) {
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode item : array(parent, field)) {
            if (item instanceof ObjectNode object) {
                objects.add(object);
            }
        }
        return objects;
    }

    /** The string elements of an array field. */
    public static List<String> strings(JsonNode parent, String field) {
        List<String> strings = new ArrayList<>();
        for (JsonNode item : array(parent, field)) {
            strings.add(item.asString(""));
        }
        return strings;
    }

    private static Iterable<JsonNode> array(JsonNode parent, String field) {
        JsonNode value = parent.path(field);
        return value.isArray() ? value : List.of();
    }
}
