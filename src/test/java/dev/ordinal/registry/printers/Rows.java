package dev.ordinal.registry.printers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;
import dev.ordinal.registry.rest.TableConvertor.Column;

/** Runs a convertor over JSON at a fixed instant and reads the row by column name. */
final class Rows {

    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    private static final ObjectMapper JSON = new ObjectMapper();

    private Rows() {
    }

    /** A timestamp that far before {@link #NOW}, as the API writes it. */
    static String ago(Duration duration) {
        return NOW.minus(duration).toString();
    }

    static String ago(String duration) {
        return ago(Duration.parse(duration));
    }

    static Unstructured object(String json) {
        return new Unstructured((ObjectNode) JSON.readTree(json));
    }

    /** The cells of one object's row, keyed by column name in column order. */
    static Map<String, Object> row(TableConvertor table, String json) {
        List<Column> columns = table.columns();
        List<Object> cells = table.cells(object(json), NOW);
        assertThat(cells).hasSameSizeAs(columns);
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            row.put(columns.get(i).name(), cells.get(i));
        }
        return row;
    }

    /** Column names as kubectl heads them, the wide-only ones after a bar: {@code NAME AGE | IMAGES}. */
    static String headers(TableConvertor table) {
        StringBuilder always = new StringBuilder();
        StringBuilder wide = new StringBuilder();
        for (Column column : table.columns()) {
            StringBuilder target = column.priority() == 0 ? always : wide;
            target.append(target.isEmpty() ? "" : " ").append(column.name().toUpperCase());
        }
        return wide.isEmpty() ? always.toString() : always + " | " + wide;
    }
}
