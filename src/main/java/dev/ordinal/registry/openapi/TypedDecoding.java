package dev.ordinal.registry.openapi;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.ordinal.machinery.go.GoJson;

/**
 * What upstream's decoder (sigs.k8s.io/json: Go's encoding/json, case-sensitive) refuses when it
 * decodes a document into a kind's Go type, read from the kind's OpenAPI schema, which describes
 * that type field by field: a string where an int32 is ({@code "2"}), a number that is no integer
 * or overflows ({@code 1.5}, {@code 1e30}), an array where a map or struct is, a non-string where
 * a string is; and what the types with a decoder of their own refuse (Quantity, IntOrString, Time,
 * base64 {@code []byte}). Fields the schema does not declare are not looked at (field validation
 * reports them). The first error is answered, worded as Go words it, e.g. {@code json: cannot
 * unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32}.
 */
public final class TypedDecoding {

    private static final String REF_PREFIX = "#/components/schemas/";
    private static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    private static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    private static final String TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";
    private static final String MICRO_TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime";
    /** resource.ParseQuantity's splitting of a quantity into its number and its suffix. */
    private static final Pattern QUANTITY_FORMAT = Pattern.compile("^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$");
    private static final Pattern QUANTITY_SUFFIX = Pattern.compile("|[numkMGTPE]|[KMGTPE]i|[eE][-+]?[0-9]+");
    private static final Pattern QUANTITY_NUMBER = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)");
    private static final BigInteger INT32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final JsonNode components;
    private final JsonParser parser;
    private final boolean literalNumbers;

    private TypedDecoding(JsonNode components, JsonParser parser, boolean literalNumbers) {
        this.components = components;
        this.parser = parser;
        this.literalNumbers = literalNumbers;
    }

    /**
     * Go's first decoding error of the document {@code parser} reads, decoded into the type the
     * schema {@code schemaName} of {@code components} describes; empty when it decodes.
     * {@code literalNumbers}: the parser reads the document as sent, so a refused number is quoted
     * as written; otherwise (a tree, e.g. a patch's result) as Go writes a float64 back.
     */
    public static Optional<String> error(JsonNode components, String schemaName, JsonParser parser,
                                         boolean literalNumbers) {
        TypedDecoding decoding = new TypedDecoding(components, parser, literalNumbers);
        try {
            if (parser.nextToken() != null) {
                decoding.value(reference(schemaName), new Context(null, List.of()));
            }
            return Optional.empty();
        } catch (Refused refused) {
            return Optional.of(refused.getMessage());
        }
    }

    /** Where in the document the value is, as Go's decoder tracks it: the innermost struct and the fields. */
    private record Context(String struct, List<String> fields) {

        Context field(String struct, String name) {
            List<String> path = new ArrayList<>(fields);
            path.add(name);
            return new Context(struct, path);
        }

        String into(String goType) {
            return struct == null ? "Go value of type " + goType
                    : "Go struct field " + struct + "." + String.join(".", fields) + " of type " + goType;
        }
    }

    /** Go's decoding stops at the first error of a type's own decoder; this stops at the first of any. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private void value(JsonNode schema, Context context) {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        String ref = ref(schema);
        if (ref == null) {
            typed(schema, null, context);
            return;
        }
        switch (ref) {
            case QUANTITY -> quantity();
            case INT_OR_STRING -> intOrString();
            case TIME, MICRO_TIME -> time();
            default -> {
                JsonNode named = components.get(ref);
                if (named == null) {
                    parser.skipChildren();
                } else {
                    typed(named, ref, context);
                }
            }
        }
    }

    /** A value of an inline schema, or of the schema named {@code name}. */
    private void typed(JsonNode schema, String name, Context context) {
        JsonToken token = parser.currentToken();
        switch (schema.path("type").asString("")) {
            case "object" -> {
                if (schema.has("properties")) {
                    expect(token == JsonToken.START_OBJECT, goType(schema, name), context);
                    struct(schema, simpleName(name), context);
                } else if (schema.path("additionalProperties").isObject()) {
                    expect(token == JsonToken.START_OBJECT, goType(schema, name), context);
                    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                        parser.nextToken();
                        value(schema.path("additionalProperties"), context);
                    }
                } else {
                    parser.skipChildren();
                }
            }
            case "array" -> {
                expect(token == JsonToken.START_ARRAY, goType(schema, name), context);
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    value(schema.path("items"), context);
                }
            }
            case "string" -> {
                expect(token == JsonToken.VALUE_STRING, goType(schema, name), context);
                if ("byte".equals(schema.path("format").asString(""))) {
                    base64(parser.getString());
                }
            }
            case "boolean" -> expect(token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE,
                    goType(schema, name), context);
            case "integer" -> integer(goType(schema, name), context);
            case "number" -> {
                expect(token.isNumeric(), "float64", context);
                if (Double.isInfinite(parser.getDoubleValue())) {
                    throw refused("number " + number(), "float64", context);
                }
            }
            default -> parser.skipChildren();
        }
    }

    private void struct(JsonNode schema, String struct, Context context) {
        JsonNode properties = schema.path("properties");
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            JsonNode property = properties.get(field);
            if (property == null) {
                parser.skipChildren();
            } else {
                value(property, context.field(struct, field));
            }
        }
    }

    private void expect(boolean accepted, String goType, Context context) {
        if (!accepted) {
            throw refused(valueName(), goType, context);
        }
    }

    private void integer(String goType, Context context) {
        JsonToken token = parser.currentToken();
        if (!token.isNumeric()) {
            throw refused(valueName(), goType, context);
        }
        // Go's strconv.ParseInt: an integer literal within the type's range, no fraction or exponent.
        boolean fits = token == JsonToken.VALUE_NUMBER_INT && fits(parser.getBigIntegerValue(), goType);
        if (!fits) {
            throw refused("number " + number(), goType, context);
        }
    }

    private static boolean fits(BigInteger value, String goType) {
        return goType.equals("int32") ? value.compareTo(INT32_MIN) >= 0 && value.compareTo(INT32_MAX) <= 0
                : value.compareTo(INT64_MIN) >= 0 && value.compareTo(INT64_MAX) <= 0;
    }

    /** IntOrString's UnmarshalJSON: a string, else whatever json.Unmarshal takes into an int32. */
    private void intOrString() {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            integer("int32", new Context(null, List.of()));
        }
    }

    /** Quantity's UnmarshalJSON: a string or any other JSON text, parsed by resource.ParseQuantity. */
    private void quantity() {
        JsonToken token = parser.currentToken();
        String text = token == JsonToken.VALUE_STRING ? parser.getString().strip()
                : token.isNumeric() ? number() : "";
        parser.skipChildren();
        var parts = QUANTITY_FORMAT.matcher(text);
        if (!parts.matches()) {
            throw new Refused("quantities must match the regular expression "
                    + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
        }
        if (!QUANTITY_SUFFIX.matcher(parts.group(2)).matches()) {
            throw new Refused("unable to parse quantity's suffix");
        }
        if (!QUANTITY_NUMBER.matcher(parts.group(1)).matches()) {
            throw new Refused("unable to parse numeric part of quantity");
        }
    }

    /** Time's (and MicroTime's) UnmarshalJSON: a JSON string, then time.Parse with RFC 3339. */
    private void time() {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw refused(valueName(), "string", new Context(null, List.of()));
        }
        RfcTime.check(parser.getString()).ifPresent(error -> {
            throw new Refused(error);
        });
    }

    /** A {@code []byte} is standard base64 with padding, as base64.StdEncoding decodes it. */
    private static void base64(String text) {
        String compact = text.replace("\r", "").replace("\n", "");
        int length = compact.length();
        for (int i = 0; i < length; i++) {
            char c = compact.charAt(i);
            boolean alphabet = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+'
                    || c == '/';
            // Padding is one or two '=' ending the last quantum.
            boolean padding = c == '=' && i >= length - 2 && length % 4 == 0 && (i == length - 1
                    || compact.charAt(length - 1) == '=') && i % 4 >= 2;
            if (!alphabet && !padding) {
                throw new Refused("illegal base64 data at input byte " + i);
            }
        }
        if (length % 4 != 0) {
            throw new Refused("illegal base64 data at input byte " + (length - length % 4));
        }
    }

    private Refused refused(String value, String goType, Context context) {
        return new Refused("json: cannot unmarshal " + value + " into " + context.into(goType));
    }

    /** How Go's decoder names the JSON value it could not store. */
    private String valueName() {
        JsonToken token = parser.currentToken();
        parser.skipChildren();
        return switch (token) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_TRUE, VALUE_FALSE -> "bool";
            default -> "number";
        };
    }

    private String number() {
        if (literalNumbers) {
            return parser.getText();
        }
        return GoJson.write(JsonNodeFactory.instance.numberNode(parser.getDecimalValue()));
    }

    /**
     * The Go type a schema describes, as Go prints it: {@code int32}, {@code []v1.Container},
     * {@code map[string]string}; a named schema is a named Go type of its package.
     */
    private static String goType(JsonNode schema, String name) {
        if (name != null) {
            return packageName(name) + "." + simpleName(name);
        }
        String ref = ref(schema);
        if (ref != null) {
            return packageName(ref) + "." + simpleName(ref);
        }
        return switch (schema.path("type").asString("")) {
            case "integer" -> schema.path("format").asString("int64");
            case "number" -> "float64";
            case "boolean" -> "bool";
            case "string" -> "byte".equals(schema.path("format").asString("")) ? "[]uint8" : "string";
            case "array" -> "[]" + goType(schema.path("items"), null);
            case "object" -> schema.path("additionalProperties").isObject()
                    ? "map[string]" + goType(schema.path("additionalProperties"), null) : "map[string]interface {}";
            default -> "interface {}";
        };
    }

    /** The schema a property refers to, directly or as its only {@code allOf}. */
    private static String ref(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        if (ref == null && schema.path("allOf").size() == 1) {
            ref = schema.path("allOf").path(0).get("$ref");
        }
        return ref == null ? null : ref.asString("").substring(REF_PREFIX.length());
    }

    private static JsonNode reference(String name) {
        return JsonNodeFactory.instance.objectNode().put("$ref", REF_PREFIX + name);
    }

    private static String simpleName(String name) {
        return name == null ? null : name.substring(name.lastIndexOf('.') + 1);
    }

    /** The last element of a Go package path: {@code io.k8s.api.apps.v1.StatefulSet} is in {@code v1}. */
    private static String packageName(String name) {
        String path = name.substring(0, name.lastIndexOf('.'));
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
