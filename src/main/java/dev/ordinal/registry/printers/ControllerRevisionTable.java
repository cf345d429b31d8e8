package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/** {@code kubectl get controllerrevisions}: NAME CONTROLLER REVISION AGE. */
public final class ControllerRevisionTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.string("Controller", "The owner that controls this revision, as kind.group/name."),
            Column.string("Revision", "Number of the revision; a higher number is a newer state."),
            Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Unstructured revision, Instant now) {
        return List.of(revision.name(), controller(revision), Fields.number(revision.at("revision")),
                Timestamps.age(revision, now));
    }

    /** The controlling owner as {@code statefulset.apps/web}: lower-case kind, its group, the name. */
    private static String controller(Unstructured revision) {
        for (JsonNode owner : Fields.items(revision.metadata().path("ownerReferences"))) {
            if (Fields.isTrue(owner.path("controller"))) {
                String kind = Fields.text(owner, "kind");
                String group = group(Fields.text(owner, "apiVersion"));
                String name = Fields.text(owner, "name");
                if (kind.isEmpty() && group.isEmpty()) {
                    return name;
                }
                String groupKind = group.isEmpty() ? kind : kind + "." + group;
                return groupKind.toLowerCase(Locale.ROOT) + "/" + name;
            }
        }
        return "<none>";
    }

    /** The group of an apiVersion: empty for the core group's bare "v1". */
    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
}
