package dev.ordinal.registry.rest;

import java.util.List;

import dev.ordinal.machinery.GroupVersionKind;

/**
 * A subresource that reads and writes the kind's own objects through the generic registry's
 * update path, which keeps to the part it may change: upstream's {@code StatusREST} and the
 * namespace {@code FinalizeREST}, each the kind's store with another strategy. Every request
 * verb on it goes the way it goes on the object, with {@link #subresource()} passed along.
 */
public record ObjectSubresource(Subresource subresource, List<String> verbs) implements SubresourceStorage {

    /** status: what only controllers and the kubelet report, beside the spec users write. */
    public static final ObjectSubresource STATUS =
            new ObjectSubresource(Subresource.STATUS, List.of("get", "patch", "update"));
    /** A namespace's finalize: the only way to change its spec.finalizers. */
    public static final ObjectSubresource FINALIZE = new ObjectSubresource(Subresource.FINALIZE, List.of("update"));

    @Override
    public GroupVersionKind kind(ResourceDefinition parent) {
        return new GroupVersionKind(parent.group(), parent.version(), parent.kind());
    }
}
