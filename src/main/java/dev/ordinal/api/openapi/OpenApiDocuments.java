package dev.ordinal.api.openapi;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.OrdinalProperties;
import dev.ordinal.registry.ResourceDefinition;
import dev.ordinal.registry.ResourceRegistry;

/**
 * The OpenAPI v3 documents, one per served group-version, built once at start-up: the schemas
 * from {@code openapi/<group-version>.json} and the paths of the registry's kinds. Each carries
 * the hash clients cache it by, upstream's upper-case hex SHA-512 of its bytes. The v2 document
 * of the whole API is made from them, as JSON and as gnostic protobuf.
 */
@Component
class OpenApiDocuments {

    /** One document, ready to send, and the hash it is cached by. */
    record Document(byte[] bytes, String hash) {
    }

    private final Map<String, Document> byPath = new TreeMap<>();
    private final byte[] root;
    private final Document swaggerJson;
    private final Document swaggerProtobuf;

    OpenApiDocuments(ResourceRegistry resources, KindSchemas schemas, OrdinalProperties properties,
                     JsonMapper mapper) {
        RequestExamples examples = RequestExamples.load();
        Map<String, List<ResourceDefinition>> byGroupVersion = new LinkedHashMap<>();
        List<JsonNode> groupVersionDocuments = new ArrayList<>();
        for (ResourceDefinition d : resources.all()) {
            byGroupVersion.computeIfAbsent(path(d.group(), d.version()), p -> new ArrayList<>()).add(d);
        }
        byGroupVersion.forEach((path, definitions) -> {
            ObjectNode document = document(definitions, schemas, examples, properties);
            groupVersionDocuments.add(document);
            byte[] json = mapper.writeValueAsBytes(document);
            byPath.put(path, new Document(json, hash(json)));
        });
        ObjectNode discovery = JsonNodeFactory.instance.objectNode();
        ObjectNode paths = discovery.putObject("paths");
        byPath.forEach((path, document) -> paths.putObject(path).put("serverRelativeURL", url(path, document)));
        this.root = mapper.writeValueAsBytes(discovery);
        ObjectNode swagger = SwaggerDocument.of(groupVersionDocuments, properties.kubernetesVersion());
        byte[] swaggerBytes = mapper.writeValueAsBytes(swagger);
        this.swaggerJson = new Document(swaggerBytes, hash(swaggerBytes));
        byte[] protobuf = SwaggerProtobuf.encode(swagger);
        this.swaggerProtobuf = new Document(protobuf, hash(protobuf));
    }

    /** {@code api/v1} or {@code apis/apps/v1}: the key of the root document and the tail of the URL. */
    static String path(String group, String version) {
        return group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
    }

    /** The document's address with its hash, as the root document lists it. */
    static String url(String path, Document document) {
        return "/openapi/v3/" + path + "?hash=" + document.hash();
    }

    /** The root document: every group-version's path and hashed URL. */
    byte[] root() {
        return root.clone();
    }

    /** The OpenAPI v2 document of every group-version, as JSON. */
    Document swaggerJson() {
        return swaggerJson;
    }

    /** The OpenAPI v2 document of every group-version, as gnostic protobuf. */
    Document swaggerProtobuf() {
        return swaggerProtobuf;
    }

    Optional<Document> document(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** The served group-version paths, sorted. */
    List<String> paths() {
        return List.copyOf(byPath.keySet());
    }

    private static ObjectNode document(List<ResourceDefinition> definitions, KindSchemas kindSchemas,
                                       RequestExamples examples, OrdinalProperties properties) {
        JsonNode schemas = kindSchemas.components(definitions.get(0));
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("openapi", "3.0.0");
        document.putObject("info").put("title", "Kubernetes").put("version", "v" + properties.kubernetesVersion());
        ObjectNode paths = document.putObject("paths");
        ArrayNode tags = document.putArray("tags");
        for (ResourceDefinition d : definitions) {
            String schema = kindSchemas.schemaName(d);
            String listSchema = kindSchemas.listSchemaName(d);
            new ResourcePaths(d, schema, listSchema, examples.of(d)).addTo(paths);
            ObjectNode tag = tags.addObject().put("name", d.plural());
            String description = schemas.path(schema).path("description").asString("");
            tag.put("description", d.kind() + (description.isEmpty() ? "" : ": " + description));
        }
        document.putObject("components").set("schemas", schemas);
        return document;
    }

    private static String hash(byte[] json) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-512").digest(json);
            return HexFormat.of().formatHex(digest).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
