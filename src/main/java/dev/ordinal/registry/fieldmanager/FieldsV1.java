package dev.ordinal.registry.fieldmanager;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The FieldsV1 encoding of a {@link FieldSet}, as {@code metadata.managedFields[].fieldsV1}
 * carries it: a JSON object whose keys are encoded path elements ({@code f:replicas},
 * {@code k:{"name":"nginx"}}, {@code v:"a"}, {@code i:0}) in path element order. A member with
 * nothing below it is {@code {}}; an element with members below it is an object of those, with
 * {@code ".": {}} first when the element is itself a member.
 */
public final class FieldsV1 {

    private FieldsV1() {
    }

    public static ObjectNode encode(FieldSet set) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        set.forEachEntry((element, member, child) -> {
            if (child == null) {
                if (member) {
                    out.putObject(element.encode());
                }
                return;
            }
            ObjectNode node = out.putObject(element.encode());
            if (member) {
                node.putObject(".");
            }
            node.setAll(encode(child));
        });
        return out;
    }

    /** Reads a FieldsV1 object; elements of an unknown type are dropped, as upstream drops them. */
    public static FieldSet decode(JsonNode fields) {
        if (!fields.isObject()) {
            throw new IllegalArgumentException("FieldsV1 must be an object, got " + fields);
        }
        FieldSet set = new FieldSet();
        read(fields, set);
        return set;
    }

    /** Fills {@code into} with the entries of {@code node}; true when {@code node} marks a member. */
    private static boolean read(JsonNode node, FieldSet into) {
        boolean member = false;
        boolean hasChildren = false;
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (entry.getKey().equals(".")) {
                member = true;
                continue;
            }
            PathElement element = PathElement.decode(entry.getKey());
            if (element == null) {
                continue;
            }
            if (!entry.getValue().isObject()) {
                throw new IllegalArgumentException("FieldsV1 entry " + entry.getKey() + " is not an object");
            }
            hasChildren = true;
            FieldSet child = new FieldSet();
            if (read(entry.getValue(), child)) {
                into.members().add(element);
            }
            if (!child.isEmpty()) {
                into.children().put(element, child);
            }
        }
        return member || !hasChildren;
    }
}
