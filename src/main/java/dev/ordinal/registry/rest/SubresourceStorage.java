package dev.ordinal.registry.rest;

import java.util.List;

import dev.ordinal.machinery.GroupVersionKind;

/**
 * The REST storage of one subresource, registered beside its kind in the kind's
 * {@link ResourceDefinition} as upstream registers {@code "pods/binding"} beside {@code "pods"}.
 * What it can do is what it implements, as upstream's handler installer asks a storage whether it
 * is a {@link Getter}, an {@link Updater} (and both: patchable) or a {@link NamedCreater}; the
 * parent kind is passed to each call because the storage is built together with it.
 */
public interface SubresourceStorage {

    /** The kind of the objects it reads and writes, as discovery names it. */
    GroupVersionKind kind(ResourceDefinition parent);

    /** The verbs discovery lists for it, as upstream's. */
    List<String> verbs();
}
