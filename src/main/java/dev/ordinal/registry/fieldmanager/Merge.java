package dev.ordinal.registry.fieldmanager;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges an applied configuration into a live object by the schema (upstream's
 * {@code TypedValue.Merge}): the configuration's value wins on every leaf and on atomic lists and
 * maps; granular maps merge key by key; associative lists merge item by item, with the items the
 * configuration names in its order and the others kept around them as upstream places them.
 * Nothing is removed here; removal of fields an applier dropped is the updater's business.
 */
final class Merge {

    private Merge() {
    }

    /** {@code live} merged with {@code config}; either may be null (absent), not both. */
    static JsonNode merge(JsonNode live, JsonNode config, TypeSchema type) {
        return switch (type.shapeOf(live, config)) {
            case MAP -> type.map().atomic() || isEmpty(live) && isEmpty(config) ? keepConfig(live, config)
                    : mergeMaps(live, config, type.map());
            case LIST -> type.list().atomic() || isEmpty(live) && isEmpty(config) ? keepConfig(live, config)
                    : mergeLists(live, config, type.list());
            case LEAF -> keepConfig(live, config);
        };
    }

    private static JsonNode keepConfig(JsonNode live, JsonNode config) {
        return (config != null ? config : live).deepCopy();
    }

    private static boolean isEmpty(JsonNode node) {
        return node == null || node.isNull() || node.isContainer() && node.isEmpty();
    }

    /** Keys keep the live object's order; keys only the configuration has follow in its order. */
    private static JsonNode mergeMaps(JsonNode live, JsonNode config, TypeSchema.MapType map) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Set<String> keys = new LinkedHashSet<>();
        if (live != null && live.isObject()) {
            keys.addAll(live.propertyNames());
        }
        if (config != null && config.isObject()) {
            keys.addAll(config.propertyNames());
        }
        for (String key : keys) {
            JsonNode l = live == null ? null : live.get(key);
            JsonNode c = config == null ? null : config.get(key);
            out.set(key, merge(l, c, map.typeOf(key).orElse(TypeSchema.DEDUCED)));
        }
        return out;
    }

    private static JsonNode mergeLists(JsonNode live, JsonNode config, TypeSchema.ListType list) {
        TypeSchema element = list.element().get();
        List<PathElement> configElements = new ArrayList<>();
        Map<PathElement, JsonNode> configItems = new HashMap<>();
        if (config != null && config.isArray()) {
            for (JsonNode item : config) {
                PathElement pe = ListItems.elementOf(list, item);
                if (configItems.put(pe, item) != null) {
                    throw new IllegalArgumentException("duplicate entries for key " + pe);
                }
                configElements.add(pe);
            }
        }
        List<PathElement> liveElements = new ArrayList<>();
        List<JsonNode> liveValues = new ArrayList<>();
        Map<PathElement, JsonNode> liveItems = new HashMap<>();
        if (live != null && live.isArray()) {
            for (JsonNode item : live) {
                PathElement pe = ListItems.elementOf(list, item);
                // A duplicated live item is not merged with the configuration's.
                liveItems.put(pe, liveItems.containsKey(pe) ? JsonNodeFactory.instance.nullNode() : item);
                liveElements.add(pe);
                liveValues.add(item);
            }
        }
        List<PathElement> sharedOrder = new ArrayList<>();
        for (PathElement pe : configElements) {
            if (liveItems.containsKey(pe)) {
                sharedOrder.add(pe);
            }
        }
        int shared = 0;
        PathElement nextShared = shared < sharedOrder.size() ? sharedOrder.get(shared++) : null;
        Set<PathElement> merged = new HashSet<>();
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        int l = 0;
        int c = 0;
        while (l < liveElements.size() || c < configElements.size()) {
            if (l < liveElements.size() && c < configElements.size()) {
                PathElement pe = liveElements.get(l);
                if (pe.equals(configElements.get(c))) {
                    merged.add(pe);
                    out.add(merge(liveItems.get(pe), configItems.get(pe), element));
                    l++;
                    c++;
                    nextShared = shared < sharedOrder.size() ? sharedOrder.get(shared++) : null;
                    continue;
                }
                if (configItems.containsKey(pe) && nextShared != null && !nextShared.equals(pe)) {
                    // A shared item, but not the one due in this round.
                    l++;
                    continue;
                }
            }
            if (l < liveElements.size()) {
                PathElement pe = liveElements.get(l);
                if (!configItems.containsKey(pe)) {
                    out.add(merge(liveValues.get(l), null, element));
                    l++;
                    continue;
                } else if (merged.contains(pe)) {
                    l++;
                }
            }
            if (c < configElements.size()) {
                PathElement pe = configElements.get(c);
                merged.add(pe);
                out.add(merge(liveItems.get(pe), configItems.get(pe), element));
                c++;
                if (nextShared != null && nextShared.equals(pe)) {
                    nextShared = shared < sharedOrder.size() ? sharedOrder.get(shared++) : null;
                }
            }
        }
        return out;
    }
}
