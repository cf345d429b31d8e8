package dev.ordinal.controller.deployment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

/**
 * The annotations a Deployment keeps on its ReplicaSets and itself (upstream
 * {@code deployment_util.go}): the revision of each template version, the revisions a set had
 * before a rollback promoted it again, and the Deployment's size and maximum when a set was last
 * scaled, which tell a scaling event from a rollout.
 */
final class RevisionAnnotations {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    static final String ROLLBACK_TO = "deprecated.deployment.rollback.to";
    /** Upstream keeps revision-history within this many characters. */
    static final int MAX_HISTORY_CHARS = 2000;
    /** The Deployment's annotations that are never copied onto its ReplicaSets (upstream annotationsToSkip). */
    private static final Set<String> NOT_COPIED = Set.of("kubectl.kubernetes.io/last-applied-configuration",
            REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, ROLLBACK_TO);

    private RevisionAnnotations() {
    }

    /**
     * Upstream {@code SetNewReplicaSetAnnotations}: copies the Deployment's annotations, raises the
     * set's revision to {@code newRevision} (keeping a lower one it had in revision-history), and
     * for a set about to be created adds the replica annotations. Answers whether anything changed.
     */
    static boolean setNewReplicaSetAnnotations(Unstructured deployment, Unstructured replicaSet, long newRevision,
                                               boolean exists) {
        boolean changed = copyDeploymentAnnotations(deployment, replicaSet);
        ObjectNode annotations = replicaSet.metadata().withObject("annotations");
        String oldRevision = annotations.path(REVISION).asString("");
        boolean had = annotations.has(REVISION);
        long oldRevisionNumber;
        try {
            oldRevisionNumber = oldRevision.isEmpty() ? 0 : Long.parseLong(oldRevision);
        } catch (NumberFormatException e) {
            return false;
        }
        if (oldRevisionNumber < newRevision) {
            annotations.put(REVISION, Long.toString(newRevision));
            changed = true;
            if (had) {
                annotations.put(REVISION_HISTORY, appendHistory(annotations.path(REVISION_HISTORY).asString(""),
                        oldRevision));
            }
        }
        if (!exists && setReplicasAnnotations(replicaSet, RolloutBounds.replicas(deployment),
                RolloutBounds.replicas(deployment) + RolloutBounds.maxSurge(deployment))) {
            changed = true;
        }
        return changed;
    }

    /** The history with {@code revision} appended, dropping the oldest entries beyond the length limit. */
    static String appendHistory(String history, String revision) {
        if (history.isEmpty()) {
            return revision;
        }
        List<String> revisions = new ArrayList<>(Arrays.asList(history.split(",", -1)));
        int total = history.length() + revision.length() + 1;
        int start = 0;
        while (total > MAX_HISTORY_CHARS && start < revisions.size()) {
            total -= revisions.get(start).length() + 1;
            start++;
        }
        if (total > MAX_HISTORY_CHARS) {
            return history;
        }
        List<String> kept = new ArrayList<>(revisions.subList(start, revisions.size()));
        kept.add(revision);
        return String.join(",", kept);
    }

    /** Whether the annotation stays with the Deployment rather than being copied (upstream skipCopyAnnotation). */
    static boolean isNotCopied(String key) {
        return NOT_COPIED.contains(key);
    }

    /** Upstream copyDeploymentAnnotationsToReplicaSet; answers whether any annotation changed. */
    private static boolean copyDeploymentAnnotations(Unstructured deployment, Unstructured replicaSet) {
        boolean changed = false;
        ObjectNode annotations = replicaSet.metadata().withObject("annotations");
        for (Map.Entry<String, String> entry : deployment.annotations().entrySet()) {
            if (isNotCopied(entry.getKey())
                    || entry.getValue().equals(annotations.path(entry.getKey()).asString(null))) {
                continue;
            }
            annotations.put(entry.getKey(), entry.getValue());
            changed = true;
        }
        return changed;
    }

    /** Upstream SetReplicasAnnotations; answers whether either changed. */
    static boolean setReplicasAnnotations(Unstructured replicaSet, int desired, int max) {
        ObjectNode annotations = replicaSet.metadata().withObject("annotations");
        boolean changed = false;
        if (!Integer.toString(desired).equals(annotations.path(DESIRED_REPLICAS).asString(null))) {
            annotations.put(DESIRED_REPLICAS, Integer.toString(desired));
            changed = true;
        }
        if (!Integer.toString(max).equals(annotations.path(MAX_REPLICAS).asString(null))) {
            annotations.put(MAX_REPLICAS, Integer.toString(max));
            changed = true;
        }
        return changed;
    }

    /** Upstream ReplicasAnnotationsNeedUpdate. */
    static boolean replicasAnnotationsNeedUpdate(Unstructured replicaSet, int desired, int max) {
        Map<String, String> annotations = replicaSet.annotations();
        return !Integer.toString(desired).equals(annotations.get(DESIRED_REPLICAS))
                || !Integer.toString(max).equals(annotations.get(MAX_REPLICAS));
    }

    /** The desired-replicas annotation, or null when absent or not a number (upstream GetDesiredReplicasAnnotation). */
    static Integer desiredReplicas(Unstructured replicaSet) {
        return intAnnotation(replicaSet, DESIRED_REPLICAS);
    }

    static Integer maxReplicas(Unstructured replicaSet) {
        return intAnnotation(replicaSet, MAX_REPLICAS);
    }

    private static Integer intAnnotation(Unstructured replicaSet, String key) {
        try {
            return Integer.valueOf(replicaSet.annotations().getOrDefault(key, ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Upstream SetDeploymentRevision; answers whether it changed. */
    static boolean setDeploymentRevision(Unstructured deployment, String revision) {
        if (revision.equals(deployment.annotations().get(REVISION))) {
            return false;
        }
        deployment.metadata().withObject("annotations").put(REVISION, revision);
        return true;
    }
}
