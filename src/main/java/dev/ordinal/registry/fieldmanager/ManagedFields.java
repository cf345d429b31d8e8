package dev.ordinal.registry.fieldmanager;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The managers of an object and the fields each owns, with the time of each one's last change:
 * the decoded form of {@code metadata.managedFields} (upstream's {@code internal.Managed}).
 */
final class ManagedFields {

    private final Map<Manager, VersionedSet> fields;
    private final Map<Manager, String> times;

    ManagedFields(Map<Manager, VersionedSet> fields, Map<Manager, String> times) {
        this.fields = new LinkedHashMap<>(fields);
        this.times = new HashMap<>(times);
    }

    static ManagedFields empty() {
        return new ManagedFields(Map.of(), Map.of());
    }

    Map<Manager, VersionedSet> fields() {
        return fields;
    }

    Map<Manager, String> times() {
        return times;
    }

    /**
     * Reads {@code metadata.managedFields} with upstream's checks; an invalid entry fails the
     * whole list with upstream's message.
     */
    static ManagedFields decode(JsonNode entries) {
        Map<Manager, VersionedSet> fields = new LinkedHashMap<>();
        Map<Manager, String> times = new HashMap<>();
        if (entries == null || entries.isNull()) {
            return new ManagedFields(fields, times);
        }
        int i = 0;
        for (JsonNode entry : entries) {
            String operation = entry.path("operation").asString("");
            if (!operation.equals(Manager.APPLY) && !operation.equals(Manager.UPDATE)) {
                throw new IllegalArgumentException("operation must be `Apply` or `Update`");
            }
            String apiVersion = entry.path("apiVersion").asString("");
            if (apiVersion.isEmpty()) {
                throw new IllegalArgumentException("apiVersion must not be empty");
            }
            String fieldsType = entry.path("fieldsType").asString("");
            if (fieldsType.isEmpty()) {
                throw new IllegalArgumentException("missing fieldsType in managed fields entry " + i);
            }
            if (!fieldsType.equals("FieldsV1")) {
                throw new IllegalArgumentException("invalid fieldsType \"" + fieldsType
                        + "\" in managed fields entry " + i);
            }
            String name = entry.path("manager").asString("");
            String subresource = entry.path("subresource").asString("");
            Manager manager = operation.equals(Manager.APPLY) ? Manager.apply(name, subresource)
                    : Manager.update(name, apiVersion, subresource);
            JsonNode set = entry.get("fieldsV1");
            fields.put(manager, new VersionedSet(set == null || set.isNull() ? new FieldSet() : FieldsV1.decode(set),
                    apiVersion, operation.equals(Manager.APPLY)));
            String time = entry.path("time").asString("");
            if (!time.isEmpty()) {
                times.put(manager, time);
            }
            i++;
        }
        return new ManagedFields(fields, times);
    }

    /** {@code metadata.managedFields} in upstream's order: appliers first, then by time, manager, version. */
    ArrayNode encode() {
        List<ObjectNode> entries = new ArrayList<>();
        fields.forEach((manager, set) -> {
            ObjectNode entry = JsonNodeFactory.instance.objectNode();
            entry.put("manager", manager.name());
            entry.put("operation", set.applied() ? Manager.APPLY : Manager.UPDATE);
            entry.put("apiVersion", set.apiVersion());
            String time = times.get(manager);
            if (time != null) {
                entry.put("time", time);
            }
            entry.put("fieldsType", "FieldsV1");
            entry.set("fieldsV1", FieldsV1.encode(set.set()));
            if (!manager.subresource().isEmpty()) {
                entry.put("subresource", manager.subresource());
            }
            entries.add(entry);
        });
        entries.sort(Comparator.<ObjectNode, String>comparing(e -> e.path("operation").asString())
                .thenComparing(e -> e.path("time").asString(""))
                .thenComparing(e -> e.path("manager").asString())
                .thenComparing(e -> e.path("apiVersion").asString())
                .thenComparing(e -> e.path("subresource").asString("")));
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        entries.forEach(array::add);
        return array;
    }
}
