package dev.ordinal.storage;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.StatusError;

/**
 * What the store refuses to commit, as etcd refuses a request over its {@code --max-request-bytes}
 * (1.5 MiB by default, the limit kube-apiserver's objects live under) and a store past its
 * {@code --quota-backend-bytes}, with etcd's words. Objects
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

    /**
     * Refuses a write that would grow the store past its quota, as etcd refuses a put once its
     * backend would pass {@code --quota-backend-bytes} (raising its NOSPACE alarm). A write that
     * leaves the store no larger passes, and deletes never come here, so a store over its quota can
     * always be brought back under it. kube-apiserver passes etcd's error on as it is: a 500 with no
     * reason and etcd's words (its ErrorToAPIStatus for an error that is not a Status).
     */
    static void checkQuota(long sizeBefore, long sizeAfter, long quotaBytes) {
        if (sizeAfter > sizeBefore && sizeAfter > quotaBytes) {
            throw new StatusError(500, "", "etcdserver: mvcc: database space exceeded", null);
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
