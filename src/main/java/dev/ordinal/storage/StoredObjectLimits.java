package dev.ordinal.storage;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.StatusError;

/**
 * What the store refuses to commit, as etcd refuses a request over its {@code --max-request-bytes}
 * (1.5 MiB by default, the limit kube-apiserver's objects live under), with etcd's words. Objects
 * also nest no deeper than a request body may ({@link #MAX_DEPTH}): patches can build a deeper one
 * out of shallow pieces, and the store must read back at start whatever it committed.
 */
final class StoredObjectLimits {

    static final int MAX_BYTES = 1536 * 1024;
    static final int MAX_DEPTH = 500;

    private StoredObjectLimits() {
    }

    /** Before the object is encoded: no encoder writes a deeper one. */
    static void checkDepth(JsonNode object) {
        if (deeperThan(object, MAX_DEPTH)) {
            throw StatusError.badRequest("the object nests deeper than " + MAX_DEPTH + " levels");
        }
    }

    static void checkSize(byte[] json) {
        if (json.length > MAX_BYTES) {
            throw new StatusError(413, "RequestEntityTooLarge", "etcdserver: request is too large", null);
        }
    }

    private static boolean deeperThan(JsonNode node, int levels) {
        if (!node.isContainer()) {
            return false;
        }
        if (levels == 0) {
            return true;
        }
        for (JsonNode child : node) {
            if (deeperThan(child, levels - 1)) {
                return true;
            }
        }
        return false;
    }
}
