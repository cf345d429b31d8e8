package dev.ordinal.registry.rest;

import java.time.Instant;
import java.util.List;

import dev.ordinal.machinery.Unstructured;

/**
 * How {@code kubectl get} shows one kind: the columns and cells of a meta.k8s.io/v1 Table, as
 * upstream's printers ({@code pkg/printers/internalversion/printers.go}) compute them.
 */
public interface TableConvertor {

    List<Column> columns();

    /** One cell per column, in column order; {@code now} is the instant ages are measured at. */
    List<Object> cells(Unstructured object, Instant now);

    /** A Table column; priority 1 shows only with {@code -o wide}. */
    record Column(String name, String type, String format, String description, int priority) {

        public static Column name(String description) {
            return new Column("Name", "string", "name", description, 0);
        }

        public static Column string(String name, String description) {
            return new Column(name, "string", "", description, 0);
        }

        public static Column wide(String name, String description) {
            return new Column(name, "string", "", description, 1);
        }

        public static Column integer(String name, String description) {
            return new Column(name, "integer", "", description, 0);
        }
    }
}
