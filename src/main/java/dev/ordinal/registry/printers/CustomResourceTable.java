package dev.ordinal.registry.printers;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.ordinal.machinery.SimpleJsonPath;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/**
 * The Table of a custom resource, as upstream's {@code customresource/tableconvertor}: the name,
 * then the version's {@code additionalPrinterColumns} or, when it declares none, {@code Age}.
 * A cell is the first value the column's JSON path finds, as the column's type: an integer
 * (a fraction dropped), a number, a boolean, a string (anything else as JSON text), or for a date
 * the time since it; a missing value, or one of another type, is null ({@code <none>}).
 */
public final class CustomResourceTable implements TableConvertor {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private record PrinterColumn(Column column, SimpleJsonPath path) {
    }

    private final List<PrinterColumn> printerColumns = new ArrayList<>();

    /** {@code additionalPrinterColumns} as the CRD version declares them (already validated). */
    public CustomResourceTable(JsonNode additionalPrinterColumns) {
        if (additionalPrinterColumns.isEmpty()) {
            printerColumns.add(new PrinterColumn(new Column("Age", "date", "", "CreationTimestamp is a timestamp "
                    + "representing the server time when this object was created.", 0),
                    SimpleJsonPath.parse(".metadata.creationTimestamp")));
        }
        for (JsonNode declared : additionalPrinterColumns) {
            String jsonPath = declared.path("jsonPath").asString("");
            String description = declared.path("description").asString("");
            printerColumns.add(new PrinterColumn(new Column(declared.path("name").asString(""),
                    declared.path("type").asString(""), declared.path("format").asString(""),
                    description.isEmpty() ? "Custom resource definition column (in JSONPath format): " + jsonPath
                            : description, declared.path("priority").asInt(0)), SimpleJsonPath.parse(jsonPath)));
        }
    }

    @Override
    public List<Column> columns() {
        List<Column> columns = new ArrayList<>();
        columns.add(Columns.NAME);
        printerColumns.forEach(c -> columns.add(c.column()));
        return columns;
    }

    @Override
    public List<Object> cells(Unstructured object, Instant now) {
        List<Object> cells = new ArrayList<>();
        cells.add(object.name());
        for (PrinterColumn printerColumn : printerColumns) {
            Optional<JsonNode> value = printerColumn.path().first(object.json()).filter(v -> !v.isNull());
            cells.add(value.map(v -> cell(printerColumn.column().type(), v, now)).orElse(NODES.nullNode()));
        }
        return cells;
    }

    private static JsonNode cell(String type, JsonNode value, Instant now) {
        return switch (type) {
            case "integer" -> value.isNumber() ? NODES.numberNode(value.decimalValue().toBigInteger().longValue())
                    : NODES.nullNode();
            case "number" -> value.isNumber() ? NODES.numberNode(new BigDecimal(value.asString()).doubleValue())
                    : NODES.nullNode();
            case "boolean" -> value.isBoolean() ? value : NODES.nullNode();
            case "date" -> value.isString() ? NODES.stringNode(age(value.asString(), now)) : NODES.nullNode();
            default -> NODES.stringNode(value.isString() ? value.asString() : value.toString());
        };
    }

    private static String age(String timestamp, Instant now) {
        try {
            return Timestamps.since(OffsetDateTime.parse(timestamp).toInstant(), now);
        } catch (DateTimeParseException e) {
            return "<invalid>";
        }
    }
}
