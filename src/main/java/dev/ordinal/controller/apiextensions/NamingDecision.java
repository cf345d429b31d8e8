package dev.ordinal.controller.apiextensions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.registry.apiextensions.CustomResourceDefinitions;

/**
 * Upstream's naming controller's decision ({@code status/naming_controller.go}
 * {@code calculateNamesAndConditions}): which of a CRD's requested names it may have, given the
 * names the other CRDs of its group already hold. Plural, singular and short names share one
 * namespace, kind and listKind another; a conflicting name keeps the previously accepted value
 * and makes {@code NamesAccepted} false (the last conflict found names the reason); categories are
 * always accepted. {@code Established}, once true, stays true; it becomes true as soon as every
 * name is accepted (upstream's establishing controller, which on one server acts at once).
 */
record NamingDecision(ObjectNode acceptedNames, Condition namesAccepted, Condition established) {

    record Condition(String status, String reason, String message) {
    }

    static NamingDecision of(JsonNode crd, List<JsonNode> othersInGroup) {
        Set<String> resources = new HashSet<>();
        Set<String> kinds = new HashSet<>();
        for (JsonNode other : othersInGroup) {
            JsonNode names = other.path("status").path("acceptedNames");
            add(resources, names.path("plural"));
            add(resources, names.path("singular"));
            names.path("shortNames").forEach(s -> add(resources, s));
            add(kinds, names.path("kind"));
            add(kinds, names.path("listKind"));
        }
        JsonNode requested = crd.path("spec").path("names");
        ObjectNode accepted = crd.path("status").path("acceptedNames").isObject()
                ? ((ObjectNode) crd.path("status").path("acceptedNames")).deepCopy()
                : tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        Condition conflict = null;
        for (String field : List.of("plural", "singular")) {
            String name = requested.path(field).asString("");
            if (resources.contains(name)) {
                conflict = inUse(field.equals("plural") ? "PluralConflict" : "SingularConflict", name);
            } else if (!name.isEmpty()) {
                accepted.put(field, name);
            }
        }
        if (!requested.path("shortNames").equals(accepted.path("shortNames"))) {
            List<String> taken = new ArrayList<>();
            requested.path("shortNames").forEach(s -> {
                if (resources.contains(s.asString(""))) {
                    taken.add(s.asString(""));
                }
            });
            if (taken.isEmpty()) {
                copy(requested, accepted, "shortNames");
            } else {
                conflict = inUse("ShortNamesConflict", taken.get(taken.size() - 1));
            }
        }
        for (String field : List.of("kind", "listKind")) {
            String name = requested.path(field).asString("");
            if (kinds.contains(name)) {
                conflict = inUse(field.equals("kind") ? "KindConflict" : "ListKindConflict", name);
            } else if (!name.isEmpty()) {
                accepted.put(field, name);
            }
        }
        copy(requested, accepted, "categories");
        Condition namesAccepted = conflict != null ? conflict : new Condition("True", "NoConflicts", "no conflicts found");
        Condition established;
        if (CustomResourceDefinitions.established(crd)) {
            JsonNode current = CustomResourceDefinitions.condition(crd, "Established").orElseThrow();
            established = new Condition("True", current.path("reason").asString(""), current.path("message").asString(""));
        } else if (conflict != null) {
            established = new Condition("False", "NotAccepted", "not all names are accepted");
        } else {
            established = new Condition("True", "InitialNamesAccepted", "the initial names have been accepted");
        }
        return new NamingDecision(accepted, namesAccepted, established);
    }

    private static Condition inUse(String reason, String name) {
        return new Condition("False", reason, "\"" + name + "\" is already in use");
    }

    private static void add(Set<String> names, JsonNode name) {
        if (!name.asString("").isEmpty()) {
            names.add(name.asString(""));
        }
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        if (from.has(field)) {
            to.set(field, from.get(field).deepCopy());
        } else {
            to.remove(field);
        }
    }
}
