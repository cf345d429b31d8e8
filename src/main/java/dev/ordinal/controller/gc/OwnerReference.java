package dev.ordinal.controller.gc;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;

/** One entry of {@code metadata.ownerReferences}: who owns an object, and whether it blocks the owner's deletion. */
record OwnerReference(String apiVersion, String kind, String name, String uid, boolean blockOwnerDeletion) {

    static List<OwnerReference> of(Unstructured object) {
        List<OwnerReference> references = new ArrayList<>();
        for (JsonNode reference : object.metadata().path("ownerReferences")) {
            references.add(new OwnerReference(reference.path("apiVersion").asString(""),
                    reference.path("kind").asString(""), reference.path("name").asString(""),
                    reference.path("uid").asString(""), reference.path("blockOwnerDeletion").asBoolean(false)));
        }
        return references;
    }

    /** The owner's API group: upstream resolves owners by group and kind, whatever the version. */
    String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
}
