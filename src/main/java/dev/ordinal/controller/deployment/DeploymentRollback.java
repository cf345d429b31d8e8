package dev.ordinal.controller.deployment;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

/**
 * The rollback asked for by the legacy {@code deprecated.deployment.rollback.to} annotation
 * (upstream rollback.go), which older clients set: the template of the ReplicaSet of that revision
 * (0 for the one before the latest) is copied into the Deployment with that set's annotations, and
 * the annotation is cleared, whether or not the revision was found.
 */
final class DeploymentRollback {

    static final String ROLLED_BACK = "DeploymentRollback";
    static final String REVISION_NOT_FOUND = "DeploymentRollbackRevisionNotFound";
    static final String TEMPLATE_UNCHANGED = "DeploymentRollbackTemplateUnchanged";

    private final DeploymentClient client;

    DeploymentRollback(DeploymentClient client) {
        this.client = client;
    }

    /** The revision the annotation asks for, or null when there is none or it is no number (upstream getRollbackTo). */
    static Long requestedRevision(Unstructured deployment) {
        String revision = deployment.annotations().get(RevisionAnnotations.ROLLBACK_TO);
        if (revision == null) {
            return null;
        }
        try {
            return Long.parseLong(revision);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Upstream rollback over every ReplicaSet of the Deployment, the new one included. */
    void rollback(Unstructured deployment, List<Unstructured> all) {
        long revision = requestedRevision(deployment);
        if (revision == 0) {
            revision = lastRevision(all);
            if (revision == 0) {
                client.warningEvent(deployment, REVISION_NOT_FOUND, "Unable to find last revision.");
                updateAndClear(deployment);
                return;
            }
        }
        for (Unstructured replicaSet : all) {
            if (ReplicaSets.revision(replicaSet) == revision) {
                boolean rolledBack = rollbackToTemplate(deployment, replicaSet);
                if (rolledBack) {
                    client.normalEvent(deployment, ROLLED_BACK,
                            "Rolled back deployment \"" + deployment.name() + "\" to revision " + revision);
                }
                return;
            }
        }
        client.warningEvent(deployment, REVISION_NOT_FOUND, "Unable to find the revision to rollback to.");
        updateAndClear(deployment);
    }

    /** Upstream LastRevision: the second highest revision. */
    static long lastRevision(List<Unstructured> all) {
        long max = 0;
        long second = 0;
        for (Unstructured replicaSet : all) {
            long revision = ReplicaSets.revision(replicaSet);
            if (revision >= max) {
                second = max;
                max = revision;
            } else if (revision > second) {
                second = revision;
            }
        }
        return second;
    }

    /**
     * Upstream rollbackToTemplate: the set's template without its hash label, and its annotations
     * in place of the Deployment's own (the revision bookkeeping ones kept), unless the template is
     * already the Deployment's.
     */
    private boolean rollbackToTemplate(Unstructured deployment, Unstructured replicaSet) {
        boolean rolledBack = false;
        if (!ReplicaSets.equalIgnoringHash(deployment.at("spec.template"), replicaSet.at("spec.template"))) {
            ObjectNode template = (ObjectNode) replicaSet.at("spec.template").deepCopy();
            if (template.path("metadata").path("labels") instanceof ObjectNode labels) {
                labels.remove(ReplicaSets.HASH_LABEL);
            }
            deployment.json().withObject("spec").set("template", template);
            ObjectNode annotations = deployment.metadata().withObject("annotations");
            Map<String, String> kept = deployment.annotations();
            annotations.removeAll();
            kept.forEach((key, value) -> {
                if (RevisionAnnotations.isNotCopied(key)) {
                    annotations.put(key, value);
                }
            });
            replicaSet.annotations().forEach((key, value) -> {
                if (!RevisionAnnotations.isNotCopied(key)) {
                    annotations.put(key, value);
                }
            });
            rolledBack = true;
        } else {
            client.warningEvent(deployment, TEMPLATE_UNCHANGED,
                    "The rollback revision contains the same template as current deployment \"" + deployment.name() + "\"");
        }
        updateAndClear(deployment);
        return rolledBack;
    }

    /** Upstream updateDeploymentAndClearRollbackTo. */
    private void updateAndClear(Unstructured deployment) {
        JsonNode annotations = deployment.metadata().path("annotations");
        if (annotations instanceof ObjectNode object) {
            object.remove(RevisionAnnotations.ROLLBACK_TO);
        }
        client.updateDeployment(deployment);
    }
}
