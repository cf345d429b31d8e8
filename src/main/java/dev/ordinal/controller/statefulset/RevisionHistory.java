package dev.ordinal.controller.statefulset;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.ordinal.controller.SyncErrors;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.labels.LabelSelector;

/**
 * A StatefulSet's history of pod templates as ControllerRevisions (upstream getStatefulSetRevisions,
 * truncateHistory and history.realHistory): which revision is current and which is the update,
 * new revisions for new templates, renumbering on a revert, and truncation to revisionHistoryLimit.
 */
final class RevisionHistory {

    private static final int UPDATE_ATTEMPTS = 4;

    private final ControllerHistory history;

    RevisionHistory(ControllerHistory history) {
        this.history = history;
    }

    /**
     * The revisions of the set, oldest first: those in its namespace its selector matches that it
     * controls or that no one controls (upstream ListControllerRevisions).
     */
    List<Unstructured> list(Unstructured set) {
        LabelSelector selector = StatefulSetSpec.selector(set);
        List<Unstructured> owned = new ArrayList<>();
        for (Unstructured revision : history.listOwnedOrOrphaned(set)) {
            if (selector.matches(revision.labels())) {
                owned.add(revision);
            }
        }
        ControllerRevisions.sort(owned);
        return owned;
    }

    /** Makes the set the controller of revisions no one controls. */
    void adopt(Unstructured set, List<Unstructured> orphans) {
        for (Unstructured orphan : orphans) {
            history.adopt(set, orphan);
        }
    }

    /**
     * The current and update revisions for the set's template, and the collision count used.
     * The update revision is the newest revision when it records the template, an older equal one
     * renumbered to be the newest (a rollback), or a new revision. The current revision is the one
     * {@code status.currentRevision} names, or the update revision when none does.
     *
     * @param revisions the set's revisions, oldest first
     */
    Revisions resolve(Unstructured set, List<Unstructured> revisions) {
        int collisionCount = ReplicaStatus.of(set).collisionCount;
        Unstructured candidate = ControllerRevisions.newRevision(set, ControllerRevisions.nextRevision(revisions),
                collisionCount);
        List<Unstructured> equal = ControllerRevisions.findEqual(revisions, candidate);
        Unstructured update;
        if (!equal.isEmpty() && ControllerRevisions.equal(last(revisions), last(equal))) {
            update = last(revisions);
        } else if (!equal.isEmpty()) {
            update = renumber(last(equal), ControllerRevisions.revisionNumber(candidate));
        } else {
            Created created = create(set, candidate, collisionCount);
            update = created.revision();
            collisionCount = created.collisionCount();
        }
        String currentName = set.at("status.currentRevision").asString("");
        Unstructured current = revisions.stream().filter(r -> r.name().equals(currentName)).findFirst().orElse(update);
        return new Revisions(current, update, collisionCount);
    }

    /**
     * Deletes the oldest revisions no one uses until at most revisionHistoryLimit of them remain.
     * The current and update revisions and those any pod runs are in use; a negative limit keeps all.
     *
     * @param revisions the set's revisions, oldest first
     */
    void truncate(Unstructured set, List<Unstructured> pods, List<Unstructured> revisions, Unstructured current,
                  Unstructured update) {
        Set<String> live = new HashSet<>();
        if (current != null) {
            live.add(current.name());
        }
        if (update != null) {
            live.add(update.name());
        }
        pods.forEach(pod -> live.add(PodIdentity.revision(pod)));
        List<Unstructured> unused = revisions.stream().filter(r -> !live.contains(r.name())).toList();
        int limit = StatefulSetSpec.revisionHistoryLimit(set);
        if (limit < 0 || unused.size() <= limit) {
            return;
        }
        for (Unstructured revision : unused.subList(0, unused.size() - limit)) {
            history.delete(revision);
        }
    }

    /**
     * Creates the revision under {@code <set>-<hash>}. When that name is taken by other data, the
     * collision count goes up and the hash with it until a free name is found; taken by the same
     * data, the existing revision is the one (upstream CreateControllerRevision).
     */
    private Created create(Unstructured set, Unstructured revision, int collisionCount) {
        while (true) {
            Unstructured attempt = revision.deepCopy();
            attempt.setMeta("name", ControllerRevisions.name(set.name(),
                    ControllerRevisions.hash(revision, collisionCount)));
            attempt.setMeta("namespace", set.namespace());
            try {
                return new Created(history.create(attempt), collisionCount);
            } catch (RuntimeException e) {
                if (!SyncErrors.isAlreadyExists(e)) {
                    throw e;
                }
                Unstructured existing = history.get(set.namespace(), attempt.name()).orElseThrow(() -> e);
                if (ControllerRevisions.data(existing).equals(ControllerRevisions.data(attempt))) {
                    return new Created(existing, collisionCount);
                }
                collisionCount++;
            }
        }
    }

    /** Gives a revision a new number, retrying on conflicts (upstream UpdateControllerRevision). */
    private Unstructured renumber(Unstructured revision, long number) {
        Unstructured clone = revision.deepCopy();
        RuntimeException conflict = null;
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            if (ControllerRevisions.revisionNumber(clone) == number) {
                return clone;
            }
            ControllerRevisions.setRevisionNumber(clone, number);
            try {
                return history.update(clone);
            } catch (RuntimeException e) {
                if (!SyncErrors.isConflict(e)) {
                    throw e;
                }
                conflict = e;
                clone = history.get(clone.namespace(), clone.name()).orElseThrow(() -> e);
            }
        }
        throw conflict;
    }

    private static Unstructured last(List<Unstructured> revisions) {
        return revisions.get(revisions.size() - 1);
    }

    /** The revisions a sync works with. */
    record Revisions(Unstructured current, Unstructured update, int collisionCount) {
    }

    private record Created(Unstructured revision, int collisionCount) {
    }
}
