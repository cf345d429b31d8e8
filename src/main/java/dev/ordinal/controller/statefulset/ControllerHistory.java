package dev.ordinal.controller.statefulset;

import java.util.List;
import java.util.Optional;

import dev.ordinal.machinery.Unstructured;

/**
 * Where {@link RevisionHistory} reads and writes ControllerRevisions (the storage half of upstream's
 * history.Interface). Writes fail with a {@code StatusError} as the API would answer.
 */
interface ControllerHistory {

    /**
     * The revisions the set controls and those no one controls in its namespace, as the
     * controller's cache holds them.
     */
    List<Unstructured> listOwnedOrOrphaned(Unstructured set);

    /** The stored revision, read fresh rather than from a cache. */
    Optional<Unstructured> get(String namespace, String name);

    Unstructured create(Unstructured revision);

    /** Replaces a revision; a stale resourceVersion fails with Conflict. */
    Unstructured update(Unstructured revision);

    void delete(Unstructured revision);

    /** Makes {@code set} the controller of an orphaned revision. */
    Unstructured adopt(Unstructured set, Unstructured revision);
}
