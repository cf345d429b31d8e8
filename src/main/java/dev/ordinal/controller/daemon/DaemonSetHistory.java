package dev.ordinal.controller.daemon;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.OwnerReferences;
import dev.ordinal.controller.PodTemplateHash;
import dev.ordinal.controller.SyncErrors;
import dev.ordinal.controller.statefulset.ControllerRevisions;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.DeleteOptions;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * A DaemonSet's templates as ControllerRevisions (upstream {@code constructHistory},
 * {@code snapshot}, {@code dedupCurHistories} and {@code cleanupHistory} of update.go). The data
 * is the StatefulSet's patch that puts the template back; the name is {@code <set>-<hash>} with the
 * hash of the template and the collision count, carried as the {@code controller-revision-hash}
 * label by the revision and by the pods made from it.
 */
final class DaemonSetHistory {

    private final GenericRegistry registry;
    private final ResourceDefinition revisions;
    private final ResourceDefinition daemonSets;
    private final ResourceDefinition pods;
    private final Consumer<Unstructured> revisionWritten;
    private final Consumer<Unstructured> podWritten;

    /**
     * @param revisionWritten told of every revision written, e.g. to expect it in an informer cache
     * @param podWritten      likewise for every pod written
     */
    DaemonSetHistory(GenericRegistry registry, ResourceDefinition revisions, ResourceDefinition daemonSets,
                     ResourceDefinition pods, Consumer<Unstructured> revisionWritten,
                     Consumer<Unstructured> podWritten) {
        this.registry = registry;
        this.revisions = revisions;
        this.daemonSets = daemonSets;
        this.pods = pods;
        this.revisionWritten = revisionWritten;
        this.podWritten = podWritten;
    }

    /** The revision of the current template and the older ones. */
    record Revisions(Unstructured current, List<Unstructured> old) {

        String hash() {
            return current.labels().getOrDefault(DaemonPods.HASH_LABEL, "");
        }
    }

    /**
     * Sorts the set's revisions into the one that records its template and the old ones: a revision
     * without the hash label gets its name as the label; several current ones are merged into the
     * newest; none makes a new one. The current one is renumbered to be the newest, which is how a
     * rollback shows.
     *
     * @param controlled the revisions the set controls
     * @param daemonPods the set's pods, relabelled when current revisions are merged
     */
    Revisions construct(Unstructured daemonSet, List<Unstructured> controlled, List<Unstructured> daemonPods) {
        String data = ControllerRevisions.data(revisionData(daemonSet));
        List<Unstructured> current = new ArrayList<>();
        List<Unstructured> old = new ArrayList<>();
        for (Unstructured revision : controlled) {
            if (!revision.labels().containsKey(DaemonPods.HASH_LABEL)) {
                revision = write(registry.patch(revisions, revision.namespace(), revision.name(), stored -> {
                    stored.metadata().withObject("labels").put(DaemonPods.HASH_LABEL, stored.name());
                    return stored;
                }, null, WriteOptions.defaults()));
            }
            (ControllerRevisions.data(revision).equals(data) ? current : old).add(revision);
        }
        long next = old.stream().mapToLong(ControllerRevisions::revisionNumber).max().orElse(0) + 1;
        if (current.isEmpty()) {
            return new Revisions(snapshot(daemonSet, next), old);
        }
        Unstructured kept = dedup(current, daemonPods);
        if (ControllerRevisions.revisionNumber(kept) < next) {
            kept = write(registry.patch(revisions, kept.namespace(), kept.name(), stored -> {
                stored.json().put("revision", next);
                return stored;
            }, null, WriteOptions.defaults()));
        }
        return new Revisions(kept, old);
    }

    /**
     * Deletes the oldest of the old revisions no pod was made from, until revisionHistoryLimit of
     * them remain.
     *
     * @param liveHashes the revision hashes of the set's pods, those being deleted included
     */
    void cleanup(Unstructured daemonSet, List<Unstructured> old, Set<String> liveHashes) {
        int toKill = old.size() - daemonSet.at("spec.revisionHistoryLimit").asInt(10);
        List<Unstructured> oldestFirst = new ArrayList<>(old);
        oldestFirst.sort(Comparator.comparingLong(ControllerRevisions::revisionNumber));
        for (Unstructured revision : oldestFirst) {
            if (toKill <= 0) {
                return;
            }
            if (liveHashes.contains(revision.labels().getOrDefault(DaemonPods.HASH_LABEL, ""))) {
                continue;
            }
            try {
                write(registry.delete(revisions, revision.namespace(), revision.name(), DeleteOptions.defaults()));
            } catch (RuntimeException e) {
                if (!SyncErrors.isNotFound(e)) {
                    throw e;
                }
            }
            toKill--;
        }
    }

    /**
     * Keeps the highest numbered of several revisions of the current template, moving the pods of
     * the others onto its hash (as upstream does, every pod with another hash) and deleting them.
     */
    private Unstructured dedup(List<Unstructured> current, List<Unstructured> daemonPods) {
        Unstructured kept = current.get(0);
        for (Unstructured revision : current) {
            if (ControllerRevisions.revisionNumber(revision) >= ControllerRevisions.revisionNumber(kept)) {
                kept = revision;
            }
        }
        String hash = kept.labels().getOrDefault(DaemonPods.HASH_LABEL, "");
        for (Unstructured duplicate : current) {
            if (duplicate.name().equals(kept.name())) {
                continue;
            }
            for (Unstructured pod : daemonPods) {
                if (!hash.equals(pod.labels().get(DaemonPods.HASH_LABEL))) {
                    podWritten.accept(registry.patch(pods, pod.namespace(), pod.name(), stored -> {
                        stored.metadata().withObject("labels").put(DaemonPods.HASH_LABEL, hash);
                        return stored;
                    }, null, WriteOptions.defaults()));
                }
            }
            write(registry.delete(revisions, duplicate.namespace(), duplicate.name(), DeleteOptions.defaults()));
        }
        return kept;
    }

    /**
     * Creates the revision of the set's template (upstream {@code snapshot}). A revision of that
     * name with the same data is the one; with other data the set's collisionCount goes up, unless
     * the count used was stale, and the error is thrown so that the next sync hashes again.
     */
    private Unstructured snapshot(Unstructured daemonSet, long revision) {
        JsonNode collisionCount = daemonSet.at("status.collisionCount");
        Integer count = collisionCount.isNumber() ? collisionCount.asInt() : null;
        String hash = PodTemplateHash.of(daemonSet.at("spec.template"), count);
        Unstructured snapshot = revisionData(daemonSet);
        ObjectNode metadata = snapshot.metadata();
        metadata.put("name", ControllerRevisions.name(daemonSet.name(), hash));
        metadata.put("namespace", daemonSet.namespace());
        ObjectNode labels = metadata.putObject("labels");
        daemonSet.at("spec.template.metadata.labels").properties().forEach(e -> labels.set(e.getKey(), e.getValue()));
        labels.put(DaemonPods.HASH_LABEL, hash);
        if (daemonSet.metadata().path("annotations").isObject()) {
            metadata.set("annotations", daemonSet.metadata().get("annotations").deepCopy());
        }
        metadata.putArray("ownerReferences").add(OwnerReferences.controllerRef(daemonSet, OwnerReferences.DAEMON_SET));
        snapshot.json().put("revision", revision);
        try {
            return write(registry.create(revisions, daemonSet.namespace(), snapshot, WriteOptions.defaults()));
        } catch (RuntimeException e) {
            if (!SyncErrors.isAlreadyExists(e)) {
                throw e;
            }
            Unstructured existing = registry.get(revisions, daemonSet.namespace(), snapshot.name());
            if (ControllerRevisions.data(existing).equals(ControllerRevisions.data(snapshot))) {
                return existing;
            }
            Unstructured fresh = registry.get(daemonSets, daemonSet.namespace(), daemonSet.name());
            JsonNode freshCount = fresh.at("status.collisionCount");
            if (!Objects.equals(count, freshCount.isNumber() ? freshCount.asInt() : null)) {
                throw new IllegalStateException("found a stale collision count (" + count + ", expected "
                        + freshCount.asInt() + ") of DaemonSet \"" + daemonSet.name()
                        + "\" while processing; will retry until it is updated", e);
            }
            fresh.json().withObject("status").put("collisionCount", count == null ? 1 : count + 1);
            registry.update(daemonSets, fresh.namespace(), fresh.name(), fresh, Subresource.STATUS,
                    WriteOptions.defaults());
            throw e;
        }
    }

    /** A revision holding only its data: the patch that puts the set's template back. */
    private static Unstructured revisionData(Unstructured daemonSet) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("apiVersion", "apps/v1");
        json.put("kind", "ControllerRevision");
        json.putObject("metadata");
        json.set("data", ControllerRevisions.patch(daemonSet));
        return new Unstructured(json);
    }

    private Unstructured write(Unstructured stored) {
        revisionWritten.accept(stored);
        return stored;
    }
}
