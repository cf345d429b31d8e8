package dev.ordinal.registry.fieldmanager;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;

/**
 * Fields an apply would change that other managers own. Answered as upstream's
 * {@code NewConflictError}: 409 Conflict, one {@code FieldManagerConflict} cause per field.
 */
final class ApplyConflicts extends RuntimeException {

    /** One field and the manager that owns it. */
    record Conflict(Manager manager, FieldPath path) {
    }

    private final List<Conflict> conflicts;

    ApplyConflicts(List<Conflict> conflicts) {
        super(null, null, false, false);
        this.conflicts = List.copyOf(conflicts);
    }

    /** The conflicts of each manager's set, managers in identifier order, paths in set order. */
    static ApplyConflicts of(Map<Manager, FieldSet> sets) {
        List<Conflict> conflicts = new ArrayList<>();
        sets.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(Manager::identifier)))
                .forEach(e -> e.getValue().paths().forEach(path -> conflicts.add(new Conflict(e.getKey(), path))));
        return new ApplyConflicts(conflicts);
    }

    List<Conflict> conflicts() {
        return conflicts;
    }

    FieldSet paths() {
        FieldSet set = new FieldSet();
        conflicts.forEach(c -> set.insert(c.path()));
        return set;
    }

    StatusError toStatusError() {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        ArrayNode causes = details.putArray("causes");
        for (Conflict conflict : conflicts) {
            causes.addObject()
                    .put("reason", "FieldManagerConflict")
                    .put("message", "conflict with " + conflict.manager())
                    .put("field", conflict.path().toString());
        }
        return new StatusError(409, "Conflict", message(), details);
    }

    /** Upstream's wording, e.g. {@code Apply failed with 1 conflict: conflict with "x" using apps/v1: .spec.replicas}. */
    String message() {
        if (conflicts.size() == 1) {
            Conflict only = conflicts.get(0);
            return "Apply failed with 1 conflict: conflict with " + only.manager() + ": " + only.path();
        }
        Map<Manager, List<FieldPath>> byManager = new LinkedHashMap<>();
        conflicts.stream().sorted(Comparator.comparing(c -> c.manager().identifier()))
                .forEach(c -> byManager.computeIfAbsent(c.manager(), m -> new ArrayList<>()).add(c.path()));
        List<String> lines = new ArrayList<>();
        byManager.forEach((manager, paths) -> {
            lines.add("conflicts with " + manager + ":");
            paths.forEach(path -> lines.add("- " + path));
        });
        return "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
    }
}
