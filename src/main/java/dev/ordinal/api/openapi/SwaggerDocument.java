package dev.ordinal.api.openapi;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI v2 (Swagger 2.0) document of the whole API, made from the v3 group-version documents
 * as upstream makes both from the same definitions: v3's {@code #/components/schemas/} become
 * {@code #/definitions/}, request bodies become {@code body} parameters, media types become
 * {@code consumes} and {@code produces}, and the v3-only forms fall back to v2's ({@code allOf} of
 * one reference to the reference itself, the {@code oneOf} of Quantity and IntOrString to a
 * string). kubectl before 1.29 reads it to learn which kinds take {@code fieldValidation}.
 */
final class SwaggerDocument {

    private static final String V3_PREFIX = "#/components/schemas/";
    private static final String V2_PREFIX = "#/definitions/";
    private static final String[] OPERATIONS = {"get", "put", "post", "delete", "patch"};

    private SwaggerDocument() {
    }

    static ObjectNode of(Iterable<JsonNode> groupVersionDocuments, String kubernetesVersion) {
        Map<String, JsonNode> paths = new TreeMap<>();
        Map<String, JsonNode> definitions = new TreeMap<>();
        for (JsonNode document : groupVersionDocuments) {
            document.path("paths").properties().forEach(e -> paths.put(e.getKey(), pathItem(e.getValue())));
            document.path("components").path("schemas").properties()
                    .forEach(e -> definitions.putIfAbsent(e.getKey(), schema(e.getValue())));
        }
        ObjectNode swagger = JsonNodeFactory.instance.objectNode();
        swagger.put("swagger", "2.0");
        swagger.putObject("info").put("title", "Kubernetes").put("version", "v" + kubernetesVersion);
        swagger.putObject("paths").setAll(paths);
        swagger.putObject("definitions").setAll(definitions);
        return swagger;
    }

    private static JsonNode pathItem(JsonNode v3) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        for (String method : OPERATIONS) {
            if (v3.has(method)) {
                item.set(method, operation(v3.get(method)));
            }
        }
        if (v3.has("parameters")) {
            item.set("parameters", parameters(v3.get("parameters")));
        }
        return item;
    }

    private static JsonNode operation(JsonNode v3) {
        ObjectNode operation = JsonNodeFactory.instance.objectNode();
        copy(v3, operation, "description", "operationId");
        if (v3.has("tags")) {
            operation.set("tags", v3.get("tags").deepCopy());
        }
        JsonNode body = v3.path("requestBody");
        if (!body.isMissingNode()) {
            operation.set("consumes", mediaTypes(body.path("content")));
        }
        TreeSet<String> produced = new TreeSet<>();
        v3.path("responses").forEach(response -> response.path("content").propertyNames().forEach(produced::add));
        if (!produced.isEmpty()) {
            ArrayNode produces = operation.putArray("produces");
            produced.forEach(produces::add);
        }
        ArrayNode parameters = parameters(v3.path("parameters"));
        if (!body.isMissingNode()) {
            ObjectNode parameter = parameters.addObject().put("name", "body").put("in", "body")
                    .put("required", body.path("required").asBoolean(false));
            parameter.set("schema", schema(firstSchema(body.path("content"))));
        }
        if (!parameters.isEmpty()) {
            operation.set("parameters", parameters);
        }
        ObjectNode responses = operation.putObject("responses");
        v3.path("responses").properties().forEach(e -> {
            ObjectNode response = responses.putObject(e.getKey());
            response.put("description", e.getValue().path("description").asString(""));
            JsonNode schema = firstSchema(e.getValue().path("content"));
            if (!schema.isMissingNode()) {
                response.set("schema", schema(schema));
            }
        });
        v3.properties().forEach(e -> {
            if (e.getKey().startsWith("x-")) {
                operation.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        return operation;
    }

    private static ArrayNode parameters(JsonNode v3) {
        ArrayNode parameters = JsonNodeFactory.instance.arrayNode();
        for (JsonNode p : v3) {
            ObjectNode parameter = parameters.addObject();
            copy(p, parameter, "name", "in", "description");
            if (p.path("required").asBoolean(false)) {
                parameter.put("required", true);
            }
            copy(p.path("schema"), parameter, "type", "uniqueItems");
        }
        return parameters;
    }

    private static ArrayNode mediaTypes(JsonNode content) {
        ArrayNode types = JsonNodeFactory.instance.arrayNode();
        content.propertyNames().forEach(types::add);
        return types;
    }

    private static JsonNode firstSchema(JsonNode content) {
        for (JsonNode media : content) {
            return media.path("schema");
        }
        return JsonNodeFactory.instance.missingNode();
    }

    /** A v3 schema in v2's terms. */
    static JsonNode schema(JsonNode v3) {
        if (!v3.isObject()) {
            return v3.deepCopy();
        }
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        JsonNode allOf = v3.path("allOf");
        for (Map.Entry<String, JsonNode> e : v3.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            switch (key) {
                case "$ref" -> schema.put("$ref", reference(value.asString("")));
                case "allOf" -> {
                    if (allOf.size() == 1 && allOf.get(0).has("$ref")) {
                        schema.put("$ref", reference(allOf.get(0).get("$ref").asString("")));
                    } else {
                        ArrayNode all = schema.putArray("allOf");
                        value.forEach(item -> all.add(schema(item)));
                    }
                }
                // v2 has no oneOf: upstream publishes Quantity and IntOrString as strings there.
                case "oneOf", "anyOf" -> schema.put("type", "string");
                case "properties" -> {
                    ObjectNode properties = schema.putObject("properties");
                    value.properties().forEach(p -> properties.set(p.getKey(), schema(p.getValue())));
                }
                case "items" -> schema.set("items", schema(value));
                case "additionalProperties" -> schema.set("additionalProperties", schema(value));
                case "nullable" -> {
                    // not in v2
                }
                default -> schema.set(key, value.deepCopy());
            }
        }
        return schema;
    }

    private static String reference(String v3) {
        return v3.startsWith(V3_PREFIX) ? V2_PREFIX + v3.substring(V3_PREFIX.length()) : v3;
    }

    private static void copy(JsonNode from, ObjectNode to, String... fields) {
        for (String field : fields) {
            JsonNode value = from.get(field);
            if (value != null && !value.isNull()) {
                to.set(field, value.deepCopy());
            }
        }
    }
}
