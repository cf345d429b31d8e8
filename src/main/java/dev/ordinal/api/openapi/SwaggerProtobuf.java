package dev.ordinal.api.openapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.protobuf.CodedOutputStream;
import tools.jackson.databind.JsonNode;

/**
 * A Swagger 2.0 document in the protobuf form kubectl asks {@code /openapi/v2} for
 * ({@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf}): gnostic's
 * {@code openapi.v2.Document} message, with the field numbers of gnostic's OpenAPIv2.proto. Values
 * of free form (vendor extensions, defaults, enums) are gnostic {@code Any}s holding YAML, as
 * kube-openapi writes them.
 */
final class SwaggerProtobuf {

    private static final Pattern PLAIN_YAML = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./-]*");

    private SwaggerProtobuf() {
    }

    static byte[] encode(JsonNode swagger) {
        Message document = new Message();
        document.string(1, swagger.path("swagger").asString(""));
        Message info = new Message();
        info.string(1, swagger.path("info").path("title").asString(""));
        info.string(2, swagger.path("info").path("version").asString(""));
        document.message(2, info);
        Message paths = new Message();
        swagger.path("paths").properties().forEach(e -> paths.message(2, named(e.getKey(), pathItem(e.getValue()))));
        document.message(8, paths);
        Message definitions = new Message();
        swagger.path("definitions").properties()
                .forEach(e -> definitions.message(1, named(e.getKey(), schema(e.getValue()))));
        document.message(9, definitions);
        return document.bytes();
    }

    private static Message pathItem(JsonNode item) {
        Message pathItem = new Message();
        String[] methods = {"get", "put", "post", "delete", "options", "head", "patch"};
        for (int i = 0; i < methods.length; i++) {
            if (item.has(methods[i])) {
                pathItem.message(i + 2, operation(item.get(methods[i])));
            }
        }
        item.path("parameters").forEach(p -> pathItem.message(9, parametersItem(p)));
        return pathItem;
    }

    private static Message operation(JsonNode operation) {
        Message message = new Message();
        operation.path("tags").forEach(tag -> message.string(1, tag.asString("")));
        message.string(3, operation.path("description").asString(""));
        message.string(5, operation.path("operationId").asString(""));
        operation.path("produces").forEach(type -> message.string(6, type.asString("")));
        operation.path("consumes").forEach(type -> message.string(7, type.asString("")));
        operation.path("parameters").forEach(p -> message.message(8, parametersItem(p)));
        Message responses = new Message();
        operation.path("responses").properties().forEach(e -> {
            Message response = new Message();
            response.string(1, e.getValue().path("description").asString(""));
            if (e.getValue().has("schema")) {
                response.message(2, new Message().message(1, schema(e.getValue().get("schema"))));
            }
            responses.message(1, named(e.getKey(), new Message().message(1, response)));
        });
        message.message(9, responses);
        vendorExtensions(operation, 13, message);
        return message;
    }

    /** A ParametersItem holding a Parameter: a body parameter, or a query or path one. */
    private static Message parametersItem(JsonNode parameter) {
        Message message = new Message();
        String in = parameter.path("in").asString("");
        if (in.equals("body")) {
            message.string(1, parameter.path("description").asString(""));
            message.string(2, parameter.path("name").asString(""));
            message.string(3, in);
            message.bool(4, parameter.path("required").asBoolean(false));
            message.message(5, schema(parameter.path("schema")));
            return new Message().message(1, new Message().message(1, message));
        }
        boolean query = !in.equals("path");
        message.bool(1, parameter.path("required").asBoolean(false));
        message.string(2, in);
        message.string(3, parameter.path("description").asString(""));
        message.string(4, parameter.path("name").asString(""));
        message.string(query ? 6 : 5, parameter.path("type").asString(""));
        message.bool(query ? 20 : 19, parameter.path("uniqueItems").asBoolean(false));
        Message nonBody = new Message().message(query ? 3 : 4, message);
        return new Message().message(1, new Message().message(2, nonBody));
    }

    private static Message schema(JsonNode schema) {
        Message message = new Message();
        message.string(1, schema.path("$ref").asString(""));
        message.string(2, schema.path("format").asString(""));
        message.string(3, schema.path("title").asString(""));
        message.string(4, schema.path("description").asString(""));
        if (schema.has("default")) {
            message.message(5, any(schema.get("default")));
        }
        message.bool(16, schema.path("uniqueItems").asBoolean(false));
        schema.path("required").forEach(field -> message.string(19, field.asString("")));
        schema.path("enum").forEach(value -> message.message(20, any(value)));
        JsonNode additional = schema.path("additionalProperties");
        if (additional.isBoolean()) {
            message.message(21, new Message().bool(2, additional.booleanValue()));
        } else if (additional.isObject()) {
            message.message(21, new Message().message(1, schema(additional)));
        }
        if (schema.has("type")) {
            message.message(22, new Message().string(1, schema.get("type").asString("")));
        }
        if (schema.has("items")) {
            message.message(23, new Message().message(1, schema(schema.get("items"))));
        }
        schema.path("allOf").forEach(item -> message.message(24, schema(item)));
        if (schema.has("properties")) {
            Message properties = new Message();
            schema.get("properties").properties()
                    .forEach(e -> properties.message(1, named(e.getKey(), schema(e.getValue()))));
            message.message(25, properties);
        }
        message.bool(27, schema.path("readOnly").asBoolean(false));
        vendorExtensions(schema, 31, message);
        return message;
    }

    private static void vendorExtensions(JsonNode node, int field, Message message) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getKey().startsWith("x-")) {
                message.message(field, named(e.getKey(), any(e.getValue())));
            }
        }
    }

    private static Message named(String name, Message value) {
        return new Message().string(1, name).message(2, value);
    }

    /** A gnostic Any: the value as YAML (field 2). */
    private static Message any(JsonNode value) {
        StringBuilder yaml = new StringBuilder();
        yaml(value, "", yaml);
        return new Message().string(2, yaml.toString());
    }

    private static void yaml(JsonNode value, String indent, StringBuilder out) {
        if (value.isObject() && !value.isEmpty()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(value.properties());
            fields.sort(Map.Entry.comparingByKey());
            for (Map.Entry<String, JsonNode> e : fields) {
                out.append(indent).append(scalar(e.getKey()));
                block(e.getValue(), indent, out);
            }
        } else if (value.isArray() && !value.isEmpty()) {
            for (JsonNode item : value) {
                if (item.isObject() && !item.isEmpty()) {
                    StringBuilder nested = new StringBuilder();
                    yaml(item, indent + "  ", nested);
                    out.append(indent).append("- ").append(nested.substring(indent.length() + 2));
                } else {
                    out.append(indent).append("- ");
                    inline(item, out);
                }
            }
        } else {
            out.append(indent);
            inline(value, out);
        }
    }

    /** After a key: a scalar on the same line, a collection on the lines below. */
    private static void block(JsonNode value, String indent, StringBuilder out) {
        if ((value.isObject() || value.isArray()) && !value.isEmpty()) {
            out.append(":\n");
            yaml(value, indent + "  ", out);
        } else {
            out.append(": ");
            inline(value, out);
        }
    }

    private static void inline(JsonNode value, StringBuilder out) {
        if (value.isObject()) {
            out.append("{}\n");
        } else if (value.isArray()) {
            out.append("[]\n");
        } else if (value.isString()) {
            out.append(scalar(value.asString())).append('\n');
        } else {
            out.append(value.isNull() ? "null" : value.toString()).append('\n');
        }
    }

    private static String scalar(String text) {
        boolean plain = PLAIN_YAML.matcher(text).matches()
                && !List.of("true", "false", "null", "yes", "no", "on", "off", "y", "n").contains(text.toLowerCase());
        return plain ? text : tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(text).toString();
    }

    /** A protobuf message being written; proto3 leaves out empty strings and false. */
    private static final class Message {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(buffer);

        Message string(int field, String value) {
            if (!value.isEmpty()) {
                write(() -> out.writeString(field, value));
            }
            return this;
        }

        Message bool(int field, boolean value) {
            if (value) {
                write(() -> out.writeBool(field, true));
            }
            return this;
        }

        Message message(int field, Message value) {
            byte[] bytes = value.bytes();
            write(() -> out.writeByteArray(field, bytes));
            return this;
        }

        byte[] bytes() {
            write(out::flush);
            return buffer.toByteArray();
        }

        private void write(Write write) {
            try {
                write.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @FunctionalInterface
    private interface Write {
        void run() throws IOException;
    }
}
