package dev.ordinal.api;

import java.util.Arrays;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.ResourceDefinition;

/**
 * Encodes one watch's events as the client asked for them: the objects themselves, Table rows
 * (column definitions with the first row only, as upstream's watch of Tables sends them), or
 * PartialObjectMetadata; each event one line of JSON.
 */
final class WatchEventEncoder {

    private final ResourceDefinition definition;
    private final Representation representation;
    private final String includeObject;
    private final Tables tables;
    private final ObjectCodec codec;
    private boolean columnsSent;

    WatchEventEncoder(ResourceDefinition definition, Representation representation, String includeObject,
                      Tables tables, ObjectCodec codec) {
        this.definition = definition;
        this.representation = representation;
        this.includeObject = includeObject;
        this.tables = tables;
        this.codec = codec;
    }

    /** Called by one stream's writer at a time. */
    byte[] encode(ObjectNode event) {
        JsonNode object = event.get("object");
        String type = event.get("type").asString();
        if (!type.equals("ERROR") && !type.equals("BOOKMARK")) {
            if (representation == Representation.TABLE) {
                event.set("object", tables.table(definition, List.of(new Unstructured((ObjectNode) object)),
                        object.path("metadata").path("resourceVersion").asString(""), "", includeObject,
                        !columnsSent));
                columnsSent = true;
            } else if (representation == Representation.PARTIAL_METADATA) {
                event.set("object", Tables.partialMetadata(new Unstructured((ObjectNode) object)));
            }
        }
        byte[] json = codec.encode(event, Representation.JSON);
        byte[] line = Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }
}
