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
import java.util.TreeSet;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.OrdinalProperties;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.openapi.KindSchemas;

/**
 * The OpenAPI v3 documents, one per served group-version: the schemas from
 * {@code openapi/<group-version>.json} and the paths of the registry's kinds. Each carries the hash
 * clients cache it by, upstream's upper-case hex SHA-512 of its bytes. The v2 document of the
 * whole API is made from them, as JSON and as gnostic protobuf. They are built once, when a client
 * first asks for one: building them is a large part of what start-up would otherwise spend, and
 * only clients that validate or explain (kubectl apply, edit, explain) ever read them.
 */
@Component
class OpenApiDocuments {

    /** One document, ready to send, and the hash it is cached by. */
    record Document(byte[] bytes, String hash) {
    }

    /** Every document, built together from the same schemas, of the schemas' {@code revision}. */
    private record Built(long revision, Map<String, Document> byPath, byte[] root, Document swaggerJson,
                         Document swaggerProtobuf) {
    }

    private final ResourceRegistry resources;
    private final KindSchemas schemas;
    private final OrdinalProperties properties;
    private final JsonMapper mapper;
    private volatile Built built;

    OpenApiDocuments(ResourceRegistry resources, KindSchemas schemas, OrdinalProperties properties,
                     JsonMapper mapper) {
        this.resources = resources;
        this.schemas = schemas;
        this.properties = properties;
        this.mapper = mapper;
    }

    /** The documents, built again once the schemas of custom resources changed. */
    private Built built() {
        Built documents = built;
        if (documents == null || documents.revision() != schemas.revision()) {
            synchronized (this) {
                documents = built;
                if (documents == null || documents.revision() != schemas.revision()) {
                    documents = build(schemas.revision());
                    built = documents;
                }
            }
        }
        return documents;
    }

    private Built build(long revision) {
        RequestExamples examples = RequestExamples.load();
        Map<String, Document> byPath = new TreeMap<>();
        List<JsonNode> groupVersionDocuments = new ArrayList<>();
        byGroupVersion().forEach((path, definitions) -> {
            ObjectNode document = document(definitions, schemas, examples, properties);
            groupVersionDocuments.add(document);
            byte[] json = mapper.writeValueAsBytes(document);
            byPath.put(path, new Document(json, hash(json)));
        });
        ObjectNode discovery = JsonNodeFactory.instance.objectNode();
        ObjectNode paths = discovery.putObject("paths");
        byPath.forEach((path, document) -> paths.putObject(path).put("serverRelativeURL", url(path, document)));
        ObjectNode swagger = SwaggerDocument.of(groupVersionDocuments, properties.kubernetesVersion());
        byte[] swaggerBytes = mapper.writeValueAsBytes(swagger);
        byte[] protobuf = SwaggerProtobuf.encode(swagger);
        return new Built(revision, byPath, mapper.writeValueAsBytes(discovery), new Document(swaggerBytes, hash(swaggerBytes)),
                new Document(protobuf, hash(protobuf)));
    }

    /** The registry's kinds by group-version path, in the registry's order. */
    private Map<String, List<ResourceDefinition>> byGroupVersion() {
        Map<String, List<ResourceDefinition>> byGroupVersion = new LinkedHashMap<>();
        for (ResourceDefinition d : resources.all()) {
            byGroupVersion.computeIfAbsent(path(d.group(), d.version()), p -> new ArrayList<>()).add(d);
        }
        return byGroupVersion;
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
        return built().root().clone();
    }

    /** The OpenAPI v2 document of every group-version, as JSON. */
    Document swaggerJson() {
        return built().swaggerJson();
    }

    /** The OpenAPI v2 document of every group-version, as gnostic protobuf. */
    Document swaggerProtobuf() {
        return built().swaggerProtobuf();
    }

    Optional<Document> document(String path) {
        return Optional.ofNullable(built().byPath().get(path));
    }

    /** The served group-version paths, sorted; known without building the documents. */
    List<String> paths() {
        return List.copyOf(new TreeSet<>(byGroupVersion().keySet()));
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
            // A kind that is only created has no list.
            String listSchema = d.creater() == null ? kindSchemas.listSchemaName(d) : null;
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
