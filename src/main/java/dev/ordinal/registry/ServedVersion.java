package dev.ordinal.registry;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.storage.StoredObject;

/**
 * An object as the version a request used serves it, upstream's conversion with strategy None
 * ({@code nop_converter.go}): only {@code apiVersion} changes. The store keeps an object in the
 * version it was written in (a CRD's storage version at the time), so a read through another
 * served version gets a copy with that version's apiVersion; an object already in the requested
 * version, as every built-in one is, is answered as it is, bytes included. A kind whose strategy
 * {@linkplain dev.ordinal.registry.rest.Strategy#defaultsOnRead defaults on read} (a custom
 * resource) is always answered with a copy its version pruned and defaulted, as upstream's storage
 * codec decodes it.
 */
final class ServedVersion {

    private ServedVersion() {
    }

    static Unstructured of(ResourceDefinition definition, Unstructured stored) {
        return unchanged(definition, stored.json()) ? stored : new Unstructured(converted(definition, stored.json()));
    }

    static ObjectNode of(ResourceDefinition definition, ObjectNode stored) {
        return unchanged(definition, stored) ? stored : converted(definition, stored);
    }

    /** The committed JSON when it is in the requested version, otherwise the converted object encoded. */
    static byte[] json(ResourceDefinition definition, StoredObject stored) {
        ObjectNode object = stored.object().json();
        return unchanged(definition, object) ? stored.json()
                : JsonMapper.shared().writeValueAsBytes(converted(definition, object));
    }

    /**
     * The object to store, in its kind's storage version as upstream's storage codec encodes it: a
     * copy when it is in another one, so the caller's object stays in the requested version.
     */
    static Unstructured inStorageVersion(ResourceDefinition definition, Unstructured object) {
        if (object.apiVersion().equals(definition.storageApiVersion())) {
            return object;
        }
        Unstructured stored = object.deepCopy();
        stored.json().put("apiVersion", definition.storageApiVersion());
        return stored;
    }

    private static boolean unchanged(ResourceDefinition definition, ObjectNode object) {
        return !definition.strategy().defaultsOnRead()
                && object.path("apiVersion").asString("").equals(definition.apiVersion());
    }

    /** Replacing the value keeps apiVersion where it was, second after kind. */
    private static ObjectNode converted(ResourceDefinition definition, ObjectNode stored) {
        ObjectNode copy = stored.deepCopy();
        copy.put("apiVersion", definition.apiVersion());
        if (definition.strategy().defaultsOnRead()) {
            definition.strategy().applyDefaults(new Unstructured(copy));
        }
        return copy;
    }
}
