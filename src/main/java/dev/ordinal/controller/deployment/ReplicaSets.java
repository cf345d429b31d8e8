package dev.ordinal.controller.deployment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.core.SemanticEquality;

/**
 * What a Deployment reads of its ReplicaSets (upstream {@code deployment_util.go} and the sort
 * orders of {@code controller_utils.go}): which one is new, replica sums, revisions.
 */
final class ReplicaSets {

    /** The label that tells the pods of one template version apart. */
    static final String HASH_LABEL = "pod-template-hash";

    /** Oldest first, by creation time and then name (upstream ReplicaSetsByCreationTimestamp). */
    static final Comparator<Unstructured> BY_CREATION = Comparator
            .comparing((Unstructured rs) -> rs.metadata().path("creationTimestamp").asString(""))
            .thenComparing(Unstructured::name);

    private ReplicaSets() {
    }

    static int specReplicas(Unstructured replicaSet) {
        return replicaSet.at("spec.replicas").asInt(1);
    }

    static void setSpecReplicas(Unstructured replicaSet, int replicas) {
        replicaSet.json().withObject("spec").put("replicas", replicas);
    }

    static int statusReplicas(Unstructured replicaSet) {
        return replicaSet.at("status.replicas").asInt(0);
    }

    static int readyReplicas(Unstructured replicaSet) {
        return replicaSet.at("status.readyReplicas").asInt(0);
    }

    static int availableReplicas(Unstructured replicaSet) {
        return replicaSet.at("status.availableReplicas").asInt(0);
    }

    /** Σ spec.replicas (upstream GetReplicaCountForReplicaSets); nulls are skipped. */
    static int specSum(List<Unstructured> replicaSets) {
        return replicaSets.stream().filter(Objects::nonNull).mapToInt(ReplicaSets::specReplicas).sum();
    }

    /** Σ status.replicas (upstream GetActualReplicaCountForReplicaSets). */
    static int statusSum(List<Unstructured> replicaSets) {
        return replicaSets.stream().filter(Objects::nonNull).mapToInt(ReplicaSets::statusReplicas).sum();
    }

    static int readySum(List<Unstructured> replicaSets) {
        return replicaSets.stream().filter(Objects::nonNull).mapToInt(ReplicaSets::readyReplicas).sum();
    }

    static int availableSum(List<Unstructured> replicaSets) {
        return replicaSets.stream().filter(Objects::nonNull).mapToInt(ReplicaSets::availableReplicas).sum();
    }

    /** The sets with replicas above 0 (upstream FilterActiveReplicaSets); nulls are dropped. */
    static List<Unstructured> active(List<Unstructured> replicaSets) {
        return replicaSets.stream().filter(rs -> rs != null && specReplicas(rs) > 0).toList();
    }

    /** The list with {@code newReplicaSet} appended when there is one. */
    static List<Unstructured> with(List<Unstructured> oldReplicaSets, Unstructured newReplicaSet) {
        List<Unstructured> all = new ArrayList<>(oldReplicaSets);
        if (newReplicaSet != null) {
            all.add(newReplicaSet);
        }
        return all;
    }

    /**
     * The oldest set whose template equals the Deployment's, the hash label aside (upstream
     * FindNewReplicaSet): the hash itself plays no part, so a template rolled back to finds its
     * old set again.
     */
    static Unstructured findNew(Unstructured deployment, List<Unstructured> replicaSets) {
        return replicaSets.stream().sorted(BY_CREATION)
                .filter(rs -> equalIgnoringHash(deployment.at("spec.template"), rs.at("spec.template")))
                .findFirst().orElse(null);
    }

    /** Every set but the new one (upstream FindOldReplicaSets' allOldRSs). */
    static List<Unstructured> findOld(Unstructured newReplicaSet, List<Unstructured> replicaSets) {
        return replicaSets.stream()
                .filter(rs -> newReplicaSet == null || !rs.uid().equals(newReplicaSet.uid()))
                .toList();
    }

    /** Upstream EqualIgnoreHash: semantic equality of two templates without their hash labels. */
    static boolean equalIgnoringHash(JsonNode template, JsonNode other) {
        return SemanticEquality.equal(withoutHash(template), withoutHash(other));
    }

    private static JsonNode withoutHash(JsonNode template) {
        if (!(template instanceof ObjectNode object)) {
            return template;
        }
        ObjectNode copy = object.deepCopy();
        if (copy.path("metadata").path("labels") instanceof ObjectNode labels) {
            labels.remove(HASH_LABEL);
            if (labels.isEmpty()) {
                ((ObjectNode) copy.get("metadata")).remove("labels");
            }
        }
        return copy;
    }

    /** The revision annotation as a number; 0 when absent or not one (upstream Revision, errors as 0). */
    static long revision(Unstructured replicaSet) {
        try {
            return Long.parseLong(replicaSet.annotations().getOrDefault(RevisionAnnotations.REVISION, ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Upstream MaxRevision. */
    static long maxRevision(List<Unstructured> replicaSets) {
        return replicaSets.stream().filter(Objects::nonNull).mapToLong(ReplicaSets::revision).max().orElse(0);
    }

    /**
     * Larger sets first; among equal sizes newer first (upstream ReplicaSetsBySizeNewer), the order
     * a scale-up hands out replicas in.
     */
    static final Comparator<Unstructured> BY_SIZE_NEWER = Comparator
            .comparingInt(ReplicaSets::specReplicas).reversed()
            .thenComparing(BY_CREATION.reversed());

    /** Larger sets first; among equal sizes older first (upstream ReplicaSetsBySizeOlder), for scale-down. */
    static final Comparator<Unstructured> BY_SIZE_OLDER = Comparator
            .comparingInt(ReplicaSets::specReplicas).reversed()
            .thenComparing(BY_CREATION);

    /** Oldest revision first, then oldest (upstream ReplicaSetsByRevision), the order history is cleaned in. */
    static final Comparator<Unstructured> BY_REVISION = Comparator
            .comparingLong(ReplicaSets::revision)
            .thenComparing(BY_CREATION);
}
