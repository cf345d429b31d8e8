package dev.ordinal.api;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.TableConvertor;

/**
 * Builds meta.k8s.io/v1 Tables, the server-side printing {@code kubectl get} asks for, with rows
 * carrying the object as {@code includeObject} says (None, Metadata by default, or Object).
 */
@Component
class Tables {

    /** Upstream's default for kinds without printers: the name and when it was created. */
    static final TableConvertor DEFAULT = new TableConvertor() {
        @Override
        public List<Column> columns() {
            return List.of(Column.name("Name must be unique within a namespace."),
                    new Column("Created At", "date", "", "CreationTimestamp is a timestamp representing the "
                            + "server time when this object was created.", 0));
        }

        @Override
        public List<Object> cells(Unstructured object, Instant now) {
            return List.of(object.name(), object.metadata().path("creationTimestamp").asString(""));
        }
    };

    private final Clock clock;

    Tables(Clock clock) {
        this.clock = clock;
    }

    ObjectNode table(ResourceDefinition definition, List<Unstructured> objects, String resourceVersion,
                     String continueToken, String includeObject, boolean withHeaders) {
        TableConvertor convertor = definition.table() == null ? DEFAULT : definition.table();
        ObjectNode table = JsonNodeFactory.instance.objectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode meta = table.putObject("metadata");
        meta.put("resourceVersion", resourceVersion);
        if (continueToken != null && !continueToken.isEmpty()) {
            meta.put("continue", continueToken);
        }
        if (withHeaders) {
            ArrayNode columns = table.putArray("columnDefinitions");
            for (TableConvertor.Column column : convertor.columns()) {
                columns.addObject()
                        .put("name", column.name())
                        .put("type", column.type())
                        .put("format", column.format())
                        .put("description", column.description())
                        .put("priority", column.priority());
            }
        }
        ArrayNode rows = table.putArray("rows");
        Instant now = clock.instant();
        for (Unstructured object : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Object cell : convertor.cells(object, now)) {
                if (cell instanceof tools.jackson.databind.JsonNode node) {
                    cells.add(node);
                } else if (cell instanceof Number number) {
                    cells.add(number.longValue());
                } else if (cell instanceof Boolean bool) {
                    cells.add(bool);
                } else {
                    cells.add(cell == null ? "" : cell.toString());
                }
            }
            switch (includeObject) {
                case "None" -> { }
                case "Object" -> row.set("object", object.json());
                default -> row.set("object", partialMetadata(object));
            }
        }
        return table;
    }

    /** The object's metadata as a PartialObjectMetadata, sharing the metadata (it is only encoded). */
    static ObjectNode partialMetadata(Unstructured object) {
        ObjectNode partial = JsonNodeFactory.instance.objectNode();
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", object.metadata());
        return partial;
    }
}
