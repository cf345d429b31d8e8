package dev.ordinal.registry;

import java.util.Base64;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.ResourceDefinition;
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

    private static final JsonMapper TOKENS = JsonMapper.builder().build();

    private final ResourceDefinition definition;
    private final List<StoredObject> stored;
    private final long resourceVersion;
    private final String continueToken;
    private final long remaining;

    private ListPage(ResourceDefinition definition, List<StoredObject> stored, long resourceVersion,
                     String continueToken, long remaining) {
        this.definition = definition;
        this.stored = stored;
        this.resourceVersion = resourceVersion;
        this.continueToken = continueToken;
        this.remaining = remaining;
    }

    /**
     * The objects in the listed version, shared with the store when stored in it: read them, copy
     * one to change it.
     */
    public List<Unstructured> items() {
        return stored.stream().map(object -> ServedVersion.of(definition, object.object())).toList();
    }

    /**
     * Each object's JSON as it was committed, in the order of {@link #items()}: a JSON list is
     * written from these bytes, as upstream's watch cache serves objects encoded once (an object
     * stored in another version than the listed one is encoded in the listed one).
     */
    public List<byte[]> committedJson() {
        return stored.stream().map(object -> ServedVersion.json(definition, object)).toList();
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

    static ListPage of(ObjectStore store, ResourceDefinition definition, String namespace, Selection selection,
                       ListOptions options) {
        String after = decodeContinue(options.continueToken());
        ObjectStore.Page page = store.list(definition.groupResource(), namespace, after, selection::matches,
                options.limit());
        String token = page.lastKey() == null ? "" : encodeContinue(page.resourceVersion(), page.lastKey());
        return new ListPage(definition, page.items(), page.resourceVersion(), token, page.remaining());
    }

    private static String encodeContinue(long resourceVersion, String lastKey) {
        ObjectNode token = TOKENS.createObjectNode().put("v", "meta.k8s.io/v1").put("rv", resourceVersion)
                .put("start", lastKey);
        return Base64.getUrlEncoder().encodeToString(TOKENS.writeValueAsBytes(token));
    }

    /**
     * The key a continue token starts after, as upstream's storage.DecodeContinue reads it: base64
     * (URL alphabet) of {@code {"v":"meta.k8s.io/v1","rv":N,"start":"key"}} with a positive
     * resourceVersion and a start key; anything else is a bad request with upstream's reason.
     */
    private static String decodeContinue(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        JsonNode decoded;
        try {
            decoded = TOKENS.readTree(Base64.getUrlDecoder().decode(token));
        } catch (IllegalArgumentException | JacksonException e) {
            throw invalidContinue("continue key is not valid");
        }
        if (!decoded.path("v").asString("").equals("meta.k8s.io/v1")) {
            throw invalidContinue("continue key is not valid: server does not recognize this encoded version "
                    + decoded.path("v").asString(""));
        }
        JsonNode resourceVersion = decoded.path("rv");
        if (!resourceVersion.isIntegralNumber() || !resourceVersion.canConvertToLong()
                || resourceVersion.longValue() <= 0) {
            throw invalidContinue("continue key is not valid: incorrect encoded start resourceVersion "
                    + "(version meta.k8s.io/v1)");
        }
        String start = decoded.path("start").asString("");
        if (start.isEmpty()) {
            throw invalidContinue("continue key is not valid: encoded start key empty (version meta.k8s.io/v1)");
        }
        return start;
    }

    private static StatusError invalidContinue(String reason) {
        return StatusError.badRequest("invalid continue token: " + reason);
    }
}
