package dev.ordinal.registry.apiextensions.schema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.JsonValues;

/**
 * Checks a value against a structural schema's value validations, with the messages of upstream's
 * validator (kube-openapi's {@code validate} as apiextensions-apiserver words it in 1.32): type and
 * format, {@code enum}, {@code required}, {@code pattern}, lengths, item and property counts,
 * {@code minimum}/{@code maximum} (exclusive too), {@code multipleOf}, {@code nullable},
 * {@code allOf}/{@code anyOf}/{@code oneOf}/{@code not}, and the uniqueness of
 * {@code x-kubernetes-list-type} set and map items. A value of the wrong type is checked no
 * further, as upstream's.
 *
 * <p>On an update, validation ratchets as upstream's {@code CRDValidationRatcheting} (on by default
 * since 1.30, {@code validation/ratcheting.go}): a value deep-equal to the old value it correlates
 * with reports no errors, so a schema that tightened does not block writes that leave the offending
 * values alone. Values correlate by property name, map key and, in {@code x-kubernetes-list-type:
 * map} lists, by the items' keys; items of other lists do not correlate.
 */
public final class SchemaValidation {

    private SchemaValidation() {
    }

    /** The errors of {@code value} at {@code path} ("" for a resource root). */
    public static List<FieldError> validate(JsonNode value, StructuralSchema schema, String path) {
        List<FieldError> errors = new ArrayList<>();
        validate(value, null, schema, path, errors);
        return errors;
    }

    /** The errors of an update's {@code value}, ratcheted against the {@code old} value it replaces. */
    public static List<FieldError> validateUpdate(JsonNode value, JsonNode old, StructuralSchema schema, String path) {
        List<FieldError> errors = new ArrayList<>();
        validate(value, old, schema, path, errors);
        return errors;
    }

    /**
     * Whether one of {@code errors} makes upstream skip the schema's CEL rules: a missing required
     * value, an unsupported enum value, a value too long, too many items or of the wrong type.
     */
    public static boolean blocking(List<FieldError> errors) {
        return errors.stream().anyMatch(e -> switch (e.type()) {
            case REQUIRED, NOT_SUPPORTED, TOO_LONG, TOO_MANY, TYPE_INVALID -> true;
            default -> false;
        });
    }

    private static void validate(JsonNode value, JsonNode old, StructuralSchema schema, String path,
                                 List<FieldError> errors) {
        if (old != null && JsonValues.deepEqual(value, old)) {
            return;
        }
        if (value.isNull()) {
            if (!schema.nullable() && !schema.type().isEmpty()) {
                errors.add(typeError(path, "null", schema.type()));
            }
            return;
        }
        if (!typeMatches(value, schema)) {
            errors.add(typeError(path, typeName(value), schema.intOrString() ? "integer,string" : schema.type()));
            return;
        }
        enumeration(value, schema, path, errors);
        if (value.isString()) {
            string(value.asString(), schema, path, errors);
        } else if (value.isNumber()) {
            number(value, schema, path, errors);
        } else if (value.isArray()) {
            array(value, old, schema, path, errors);
        } else if (value.isObject()) {
            object((ObjectNode) value, old, schema, path, errors);
        }
        combinations(value, schema, path, errors);
    }

    private static boolean typeMatches(JsonNode value, StructuralSchema schema) {
        if (schema.intOrString()) {
            return value.isString() || integral(value);
        }
        return switch (schema.type()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isString();
            case "boolean" -> value.isBoolean();
            case "integer" -> integral(value);
            case "number" -> value.isNumber();
            default -> true;
        };
    }

    /** A JSON number without a fraction passes {@code type: integer}, {@code 1.0} too. */
    private static boolean integral(JsonNode value) {
        return value.isIntegralNumber() || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
    }

    private static String typeName(JsonNode value) {
        if (value.isNumber()) {
            return integral(value) ? "integer" : "number";
        }
        return switch (value.getNodeType()) {
            case STRING -> "string";
            case BOOLEAN -> "boolean";
            case ARRAY -> "array";
            case OBJECT -> "object";
            default -> "null";
        };
    }

    private static FieldError typeError(String path, String actual, String expected) {
        return new FieldError(FieldError.Type.TYPE_INVALID, path, actual,
                path + " in body must be of type " + expected + ": " + quote(actual));
    }

    private static void enumeration(JsonNode value, StructuralSchema schema, String path, List<FieldError> errors) {
        JsonNode allowed = schema.keyword("enum");
        if (!allowed.isArray()) {
            return;
        }
        for (JsonNode candidate : allowed) {
            if (equalValues(candidate, value)) {
                return;
            }
        }
        List<String> supported = new ArrayList<>();
        allowed.forEach(candidate -> supported.add(candidate.isString() ? candidate.asString() : candidate.toString()));
        errors.add(FieldError.notSupported(path, value, supported));
    }

    private static void string(String value, StructuralSchema schema, String path, List<FieldError> errors) {
        int length = value.codePointCount(0, value.length());
        JsonNode maxLength = schema.keyword("maxLength");
        if (maxLength.isNumber() && length > maxLength.asLong()) {
            errors.add(FieldError.tooLong(path, maxLength.asInt()));
        }
        JsonNode minLength = schema.keyword("minLength");
        if (minLength.isNumber() && length < minLength.asLong()) {
            errors.add(FieldError.invalid(path, value, path + " in body should be at least " + minLength.asLong()
                    + " chars long"));
        }
        String pattern = schema.keyword("pattern").asString("");
        if (!pattern.isEmpty() && !matches(pattern, value)) {
            errors.add(FieldError.invalid(path, value, path + " in body should match '" + pattern + "'"));
        }
        String format = schema.keyword("format").asString("");
        if (!format.isEmpty() && !ValueFormats.valid(format, value)) {
            errors.add(new FieldError(FieldError.Type.TYPE_INVALID, path, value,
                    path + " in body must be of type " + format + ": " + quote(value)));
        }
    }

    /** Go's regexp {@code MatchString}: the pattern anywhere in the value. */
    private static boolean matches(String pattern, String value) {
        try {
            return Pattern.compile(pattern).matcher(value).find();
        } catch (PatternSyntaxException e) {
            return true;
        }
    }

    private static void number(JsonNode value, StructuralSchema schema, String path, List<FieldError> errors) {
        BigDecimal number = value.decimalValue();
        JsonNode maximum = schema.keyword("maximum");
        if (maximum.isNumber()) {
            boolean exclusive = schema.keyword("exclusiveMaximum").asBoolean(false);
            int compared = number.compareTo(maximum.decimalValue());
            if (exclusive ? compared >= 0 : compared > 0) {
                errors.add(FieldError.invalid(path, value, path + " in body should be less than "
                        + (exclusive ? "" : "or equal to ") + plain(maximum)));
            }
        }
        JsonNode minimum = schema.keyword("minimum");
        if (minimum.isNumber()) {
            boolean exclusive = schema.keyword("exclusiveMinimum").asBoolean(false);
            int compared = number.compareTo(minimum.decimalValue());
            if (exclusive ? compared <= 0 : compared < 0) {
                errors.add(FieldError.invalid(path, value, path + " in body should be greater than "
                        + (exclusive ? "" : "or equal to ") + plain(minimum)));
            }
        }
        JsonNode multipleOf = schema.keyword("multipleOf");
        if (multipleOf.isNumber() && multipleOf.decimalValue().signum() != 0
                && number.remainder(multipleOf.decimalValue()).signum() != 0) {
            errors.add(FieldError.invalid(path, value, path + " in body should be a multiple of " + plain(multipleOf)));
        }
    }

    /** A limit as Go's {@code %v} prints a float64: {@code 10}, {@code 1.5}. */
    private static String plain(JsonNode number) {
        BigDecimal value = number.decimalValue().stripTrailingZeros();
        return value.scale() <= 0 ? value.toBigInteger().toString() : value.toPlainString();
    }

    private static void array(JsonNode value, JsonNode old, StructuralSchema schema, String path,
                              List<FieldError> errors) {
        JsonNode maxItems = schema.keyword("maxItems");
        if (maxItems.isNumber() && value.size() > maxItems.asLong()) {
            errors.add(new FieldError(FieldError.Type.TOO_MANY, path, value.size(),
                    "must have at most " + maxItems.asLong() + " items"));
        }
        JsonNode minItems = schema.keyword("minItems");
        if (minItems.isNumber() && value.size() < minItems.asLong()) {
            errors.add(FieldError.invalid(path, value.size(), path + " in body should have at least "
                    + minItems.asLong() + " items"));
        }
        Optional<StructuralSchema> items = schema.items();
        Map<JsonNode, JsonNode> oldItems = oldItemsByKey(old, schema);
        for (int i = 0; i < value.size(); i++) {
            int index = i;
            JsonNode oldItem = oldItems.get(listMapKey(value.get(i), schema));
            items.ifPresent(s -> validate(value.get(index), oldItem, s, path + "[" + index + "]", errors));
        }
        listType(value, schema, path, errors);
    }

    /** The old items of a {@code x-kubernetes-list-type: map} list by their keys; no other list's items correlate. */
    private static Map<JsonNode, JsonNode> oldItemsByKey(JsonNode old, StructuralSchema schema) {
        Map<JsonNode, JsonNode> byKey = new HashMap<>();
        if (old != null && old.isArray() && schema.listType().equals("map")) {
            old.forEach(item -> {
                if (item.isObject()) {
                    byKey.putIfAbsent(listMapKey(item, schema), item);
                }
            });
        }
        return byKey;
    }

    /** The values of a list-map item's keys, defaults filled in, as the object its uniqueness is judged by. */
    private static ObjectNode listMapKey(JsonNode item, StructuralSchema schema) {
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        if (!item.isObject()) {
            return key;
        }
        for (String name : schema.listMapKeys()) {
            JsonNode keyValue = item.get(name);
            if (keyValue == null) {
                keyValue = schema.items().flatMap(s -> s.property(name)).flatMap(StructuralSchema::defaultValue)
                        .orElse(null);
            }
            if (keyValue != null) {
                key.set(name, keyValue);
            }
        }
        return key;
    }

    /** Upstream's {@code listtype.ValidateListSetsAndMaps}: the first repeat of each set value or map key. */
    private static void listType(JsonNode value, StructuralSchema schema, String path, List<FieldError> errors) {
        String listType = schema.listType();
        if (listType.equals("set")) {
            Set<JsonNode> seen = new HashSet<>();
            Set<JsonNode> reported = new HashSet<>();
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (!seen.add(item) && reported.add(item)) {
                    errors.add(FieldError.duplicate(path + "[" + i + "]", item));
                }
            }
        } else if (listType.equals("map")) {
            Set<JsonNode> seen = new HashSet<>();
            Set<JsonNode> reported = new HashSet<>();
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (!item.isObject()) {
                    errors.add(FieldError.invalid(path + "[" + i + "]", item,
                            "must be an object for an array of list-type map"));
                    continue;
                }
                ObjectNode key = listMapKey(item, schema);
                if (!seen.add(key) && reported.add(key)) {
                    errors.add(FieldError.duplicate(path + "[" + i + "]", new GoMap(key)));
                }
            }
        }
    }

    private static void object(ObjectNode value, JsonNode old, StructuralSchema schema, String path,
                               List<FieldError> errors) {
        JsonNode maxProperties = schema.keyword("maxProperties");
        if (maxProperties.isNumber() && value.size() > maxProperties.asLong()) {
            errors.add(new FieldError(FieldError.Type.TOO_MANY, path, value.size(),
                    "must have at most " + maxProperties.asLong() + " items"));
        }
        JsonNode minProperties = schema.keyword("minProperties");
        if (minProperties.isNumber() && value.size() < minProperties.asLong()) {
            errors.add(FieldError.invalid(path, value.size(), path + " in body should have at least "
                    + minProperties.asLong() + " properties"));
        }
        for (JsonNode required : schema.keyword("required")) {
            if (!value.has(required.asString(""))) {
                errors.add(FieldError.required(Pruning.child(path, required.asString("")), ""));
            }
        }
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            JsonNode oldField = old != null && old.isObject() ? old.get(field.getKey()) : null;
            schema.fieldSchema(field.getKey()).ifPresent(s ->
                    validate(field.getValue(), oldField, s, Pruning.child(path, field.getKey()), errors));
        }
    }

    /** allOf, anyOf, oneOf and not, whose branches carry value validations only in a structural schema. */
    private static void combinations(JsonNode value, StructuralSchema schema, String path, List<FieldError> errors) {
        for (JsonNode branch : schema.keyword("allOf")) {
            validate(value, null, withType(branch, schema), path, errors);
        }
        JsonNode anyOf = schema.keyword("anyOf");
        if (anyOf.isArray() && !anyOf.isEmpty() && !schema.intOrString()) {
            List<FieldError> branchErrors = new ArrayList<>();
            boolean any = false;
            for (JsonNode branch : anyOf) {
                List<FieldError> found = validate(value, withType(branch, schema), path);
                any |= found.isEmpty();
                branchErrors.addAll(found);
            }
            if (!any) {
                errors.add(FieldError.invalid(path, value, "must validate at least one schema (anyOf)"));
                errors.addAll(branchErrors);
            }
        }
        JsonNode oneOf = schema.keyword("oneOf");
        if (oneOf.isArray() && !oneOf.isEmpty()) {
            int passing = 0;
            for (JsonNode branch : oneOf) {
                passing += validate(value, withType(branch, schema), path).isEmpty() ? 1 : 0;
            }
            if (passing != 1) {
                errors.add(FieldError.invalid(path, value, "must validate one and only one schema (oneOf)"));
            }
        }
        JsonNode not = schema.keyword("not");
        if (not.isObject() && validate(value, withType(not, schema), path).isEmpty()) {
            errors.add(FieldError.invalid(path, value, "must not validate the schema (not)"));
        }
    }

    /** A branch, which declares no type of its own in a structural schema, read with the node's. */
    private static StructuralSchema withType(JsonNode branch, StructuralSchema schema) {
        if (branch.has("type") || schema.type().isEmpty() || !branch.isObject()) {
            return StructuralSchema.of(branch);
        }
        ObjectNode typed = ((ObjectNode) branch).deepCopy();
        typed.put("type", schema.type());
        return StructuralSchema.of(typed);
    }

    private static boolean equalValues(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A list-map key as Go's {@code %#v} prints the map: {@code map[string]interface {}{"name":"http"}}. */
    private record GoMap(ObjectNode key) {
        @Override
        public String toString() {
            List<String> entries = new ArrayList<>();
            key.properties().forEach(e -> entries.add(quote(e.getKey()) + ":" + e.getValue()));
            return "map[string]interface {}{" + String.join(", ", entries) + "}";
        }
    }
}
