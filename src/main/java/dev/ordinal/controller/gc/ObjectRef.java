package dev.ordinal.controller.gc;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;

/** Where an object lives: its resource, namespace ("" when cluster-scoped) and name; a work queue key. */
record ObjectRef(GroupResource resource, String namespace, String name) {

    static ObjectRef of(GroupResource resource, Unstructured object) {
        return new ObjectRef(resource, object.namespace(), object.name());
    }

    /** {@code group/resource/namespace/name}: no part of it may contain a slash. */
    String key() {
        return resource.group() + "/" + resource.resource() + "/" + namespace + "/" + name;
    }

    static ObjectRef parse(String key) {
        String[] parts = key.split("/", -1);
        return new ObjectRef(new GroupResource(parts[0], parts[1]), parts[2], parts[3]);
    }
}
