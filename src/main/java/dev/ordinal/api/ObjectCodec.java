package dev.ordinal.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;

import dev.ordinal.machinery.StatusError;

/**
 * Reads request bodies (JSON, YAML, Kubernetes protobuf) and writes response bodies (JSON, YAML).
 * Bodies are read within bounds, so no document costs more than its size: nesting at most
 * {@link #MAX_DEPTH} deep, no string or document past the request body limit, and YAML read with a
 * buffer large enough that a long scalar is scanned once (SnakeYAML's default of 1024 code points
 * copies the buffer over and over: a 3 MB scalar took seconds). YAML aliases are refused, so they
 * cannot multiply a document either.
 */
@Component
class ObjectCodec {

    /** How deep a body may nest; no Kubernetes type comes near it. */
    static final int MAX_DEPTH = 500;

    private static final byte[] ITEMS = ",\"items\":[".getBytes(StandardCharsets.US_ASCII);
    private static final StreamReadConstraints BODY_LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxDocumentLength(RequestBodies.MAX_BYTES)
            .maxStringLength(RequestBodies.MAX_BYTES)
            .build();
    private static final int YAML_BUFFER_CODE_POINTS = 64 * 1024;

    private final JsonMapper json;
    private final JsonMapper bodies = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(BODY_LIMITS)
            .build()).build();
    private final YAMLMapper yaml = new YAMLMapper(YAMLFactory.builder()
            .streamReadConstraints(BODY_LIMITS)
            .loadSettings(LoadSettings.builder()
                    .setBufferSize(YAML_BUFFER_CODE_POINTS)
                    .setCodePointLimit(RequestBodies.MAX_BYTES)
                    .build())
            .build());

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
        if (!isJson(type) && !isYaml(type)) {
            throw StatusError.unsupportedMediaType(contentType);
        }
        JsonNode node = parse(body, isYaml(type), expected);
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
            JsonNode node = isYaml ? yaml.readTree(body) : bodies.readTree(body);
            if (isYaml && hasAlias(body)) {
                throw StatusError.badRequest("error converting YAML to JSON: yaml: aliases are not supported");
            }
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

    /**
     * Whether a YAML document uses an alias. Jackson's YAML parser reads an alias as its anchor's
     * name, not as a copy of the anchored value as upstream's YAML decoder does, so a document
     * with one is refused rather than stored changed.
     */
    private boolean hasAlias(byte[] body) {
        if (indexOf(body, (byte) '*') < 0) {
            return false;
        }
        try (JsonParser parser = yaml.createParser(body)) {
            while (parser.nextToken() != null) {
                if (parser instanceof YAMLParser yamlParser && yamlParser.isCurrentAlias()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** A parser of a body {@link #parse} has read, to read it again as sent. */
    JsonParser parser(byte[] body, boolean isYaml) {
        return isYaml ? yaml.createParser(body) : bodies.createParser(body);
    }

    static boolean isJson(String mediaType) {
        return List.of("", "application/json", "application/octet-stream").contains(mediaType);
    }

    static boolean isYaml(String mediaType) {
        return List.of("application/yaml", "application/x-yaml", "text/yaml").contains(mediaType);
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
