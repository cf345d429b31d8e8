package dev.ordinal.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.selection.Selection;
import dev.ordinal.storage.ObjectStore;
import dev.ordinal.storage.StoredObject;

/**
 * One page of a list: the matching objects in key order as the store holds them, the
 * resourceVersion they are current at, and, when {@code limit} cut the list, the continue token and
 * the count of the rest.
 *
 * <p>The continue token names the last key served, base64-encoded as upstream's does. Later pages
 * are read from the current state rather than from a snapshot at the first page's revision, a
 * documented difference from etcd-backed paging.
 */
public final class ListPage {

    private final List<StoredObject> stored;
    private final long resourceVersion;
    private final String continueToken;
    private final long remaining;

    private ListPage(List<StoredObject> stored, long resourceVersion, String continueToken, long remaining) {
        this.stored = stored;
        this.resourceVersion = resourceVersion;
        this.continueToken = continueToken;
        this.remaining = remaining;
    }

    /** The objects, shared with the store: read them, copy one to change it. */
    public List<Unstructured> items() {
        return stored.stream().map(StoredObject::object).toList();
    }

    /**
     * Each object's JSON as it was committed, in the order of {@link #items()}: a JSON list is
     * written from these bytes, as upstream's watch cache serves objects encoded once.
     */
    public List<byte[]> committedJson() {
        return stored.stream().map(StoredObject::json).toList();
    }

    public long resourceVersion() {
        return resourceVersion;
    }

    public String continueToken() {
        return continueToken;
    }

    public long remaining() {
        return remaining;
    }

    static ListPage of(ObjectStore store, GroupResource resource, String namespace, Selection selection,
                       ListOptions options) {
        String after = decodeContinue(options.continueToken());
        ObjectStore.Page page = store.list(resource, namespace, after, selection::matches, options.limit());
        String token = page.lastKey() == null ? "" : encodeContinue(page.resourceVersion(), page.lastKey());
        return new ListPage(page.items(), page.resourceVersion(), token, page.remaining());
    }

    private static String encodeContinue(long resourceVersion, String lastKey) {
        String json = "{\"v\":\"meta.k8s.io/v1\",\"rv\":" + resourceVersion + ",\"start\":\""
                + lastKey.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        return Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeContinue(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String json = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int start = json.indexOf("\"start\":\"");
            if (!json.startsWith("{\"v\":\"meta.k8s.io/v1\"") || start < 0) {
                throw new IllegalArgumentException();
            }
            String rest = json.substring(start + 9, json.length() - 2);
            return rest.replace("\\\"", "\"").replace("\\\\", "\\");
        } catch (IllegalArgumentException e) {
            throw StatusError.badRequest("continue key is not valid: incorrect encoded start resourceVersion "
                    + "(version meta.k8s.io/v1)");
        }
    }
}
