package dev.ordinal.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.ordinal.machinery.StatusError;

/** Reads request bodies (JSON, YAML, Kubernetes protobuf) and writes response bodies (JSON, YAML). */
@Component
class ObjectCodec {

    private static final byte[] ITEMS = ",\"items\":[".getBytes(StandardCharsets.US_ASCII);

    private final JsonMapper json;
    private final YAMLMapper yaml = YAMLMapper.builder().build();

    ObjectCodec(JsonMapper json) {
        this.json = json;
    }

    /** Decodes an object body by its Content-Type; {@code expected} names the kind in errors. */
    ObjectNode decode(String contentType, byte[] body, String expected) {
        String type = mediaType(contentType);
        if (type.equals("application/vnd.kubernetes.protobuf")) {
            try {
                return withoutUnsetMetadata(ProtobufObjectDecoder.decode(body));
            } catch (IllegalArgumentException e) {
                throw StatusError.badRequest("the object provided is unrecognized (must be of type " + expected
                        + "): " + e.getMessage());
            }
        }
        JsonNode node = switch (type) {
            case "", "application/json", "application/octet-stream" -> parse(body, false, expected);
            case "application/yaml", "application/x-yaml", "text/yaml" -> parse(body, true, expected);
            default -> throw StatusError.unsupportedMediaType(contentType);
        };
        if (!(node instanceof ObjectNode object)) {
            throw StatusError.badRequest("the object provided is unrecognized (must be of type " + expected
                    + "): couldn't get version/kind; json parse error: the body is not a JSON object");
        }
        return object;
    }

    /**
     * Go's protobuf encoding writes every non-pointer field, so a decoded body carries
     * {@code namespace: ""}, {@code generation: 0} and the like. In metadata those zero values
     * mean "unset", as they do to upstream's decoder, so they are dropped here.
     */
    private static ObjectNode withoutUnsetMetadata(ObjectNode object) {
        if (object.get("metadata") instanceof ObjectNode meta) {
            List<String> unset = new ArrayList<>();
            meta.properties().forEach(field -> {
                JsonNode value = field.getValue();
                if (value.isString() && value.asString().isEmpty() || value.isNumber() && value.asLong() == 0
                        || value.isContainer() && value.isEmpty()) {
                    unset.add(field.getKey());
                }
            });
            meta.remove(unset);
        }
        return object;
    }

    /** Parses a JSON (or YAML) document of any shape, e.g. a patch. */
    JsonNode parse(byte[] body, boolean isYaml, String expected) {
        if (body == null || body.length == 0) {
            throw StatusError.badRequest("the object provided is unrecognized (must be of type " + expected
                    + "): couldn't get version/kind; json parse error: unexpected end of JSON input");
        }
        try {
            JsonNode node = isYaml ? yaml.readTree(body) : json.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw StatusError.badRequest("the object provided is unrecognized (must be of type " + expected
                        + "): couldn't get version/kind; json parse error: unexpected end of JSON input");
            }
            return node;
        } catch (JacksonException e) {
            throw StatusError.badRequest("the object provided is unrecognized (must be of type " + expected
                    + "): couldn't get version/kind; json parse error: " + e.getOriginalMessage());
        }
    }

    byte[] encode(JsonNode node, Representation representation) {
        return representation == Representation.YAML ? yaml.writeValueAsBytes(node) : json.writeValueAsBytes(node);
    }

    /**
     * A JSON list of objects already encoded: the envelope ({@code kind}, {@code apiVersion},
     * {@code metadata}) and the items spliced in as they are, as upstream's watch cache serves a
     * list from objects encoded once rather than encoding every object per request.
     */
    byte[] encodeList(ObjectNode envelope, List<byte[]> items) {
        byte[] head = json.writeValueAsBytes(envelope);
        int size = head.length + ITEMS.length + items.size() + 2;
        for (byte[] item : items) {
            size += item.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.write(head, 0, head.length - 1);
        out.writeBytes(ITEMS);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(items.get(i));
        }
        out.write(']');
        out.write('}');
        return out.toByteArray();
    }

    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
