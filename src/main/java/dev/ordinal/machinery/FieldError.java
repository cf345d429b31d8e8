package dev.ordinal.machinery;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One validation failure at a field path, worded as upstream's {@code field.Error}: the message of
 * a 422 Invalid Status and each of its {@code details.causes} are built from these.
 */
public record FieldError(Type type, String field, Object badValue, String detail) {

    /** The error types upstream reports, with their Status cause reason and message prefix. */
    public enum Type {
        REQUIRED("FieldValueRequired", "Required value"),
        INVALID("FieldValueInvalid", "Invalid value"),
        TYPE_INVALID("FieldValueTypeInvalid", "Invalid value"),
        FORBIDDEN("FieldValueForbidden", "Forbidden"),
        NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
        DUPLICATE("FieldValueDuplicate", "Duplicate value"),
        TOO_LONG("FieldValueTooLong", "Too long"),
        TOO_MANY("FieldValueTooMany", "Too many"),
        NOT_FOUND("FieldValueNotFound", "Not found");

        final String reason;
        final String label;

        Type(String reason, String label) {
            this.reason = reason;
            this.label = label;
        }

        public String reason() {
            return reason;
        }
    }

    /** Marks a FieldError whose bad value upstream omits from the message. */
    public static final Object OMIT = new Object();

    public static FieldError required(String field, String detail) {
        return new FieldError(Type.REQUIRED, field, OMIT, detail);
    }

    public static FieldError invalid(String field, Object value, String detail) {
        return new FieldError(Type.INVALID, field, value, detail);
    }

    public static FieldError forbidden(String field, String detail) {
        return new FieldError(Type.FORBIDDEN, field, OMIT, detail);
    }

    public static FieldError duplicate(String field, Object value) {
        return new FieldError(Type.DUPLICATE, field, value, "");
    }

    public static FieldError notFound(String field, Object value) {
        return new FieldError(Type.NOT_FOUND, field, value, "");
    }

    public static FieldError tooLong(String field, int max) {
        return new FieldError(Type.TOO_LONG, field, OMIT, "may not be more than " + max + " bytes");
    }

    public static FieldError notSupported(String field, Object value, List<String> supported) {
        String detail = supported.isEmpty() ? "" : "supported values: "
                + supported.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", "));
        return new FieldError(Type.NOT_SUPPORTED, field, value, detail);
    }

    /** The message without the field path, as upstream's {@code ErrorBody()}. */
    public String body() {
        StringBuilder body = new StringBuilder(type.label);
        if (badValue != OMIT && type != Type.REQUIRED && type != Type.FORBIDDEN) {
            body.append(": ").append(render(badValue));
        }
        if (detail != null && !detail.isEmpty()) {
            body.append(": ").append(detail);
        }
        return body.toString();
    }

    @Override
    public String toString() {
        return field + ": " + body();
    }

    private static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "\"" + s.replace("\"", "\\\"") + "\"";
        }
        if (value instanceof tools.jackson.databind.JsonNode node) {
            return node.isString() ? "\"" + node.asString() + "\"" : node.toString();
        }
        return String.valueOf(value);
    }
}
