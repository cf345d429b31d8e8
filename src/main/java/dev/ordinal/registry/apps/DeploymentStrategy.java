package dev.ordinal.registry.apps;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.core.CoreV1Defaults;
import dev.ordinal.registry.rest.Strategy;

import static dev.ordinal.machinery.JsonFields.isNull;
import static dev.ordinal.machinery.JsonFields.isUnset;
import static dev.ordinal.machinery.JsonFields.struct;

/**
 * Deployments (upstream {@code pkg/registry/apps/deployment/strategy.go}): {@code SetDefaults_Deployment}
 * and the pod template's defaults on every write, a new Deployment's status reset, an immutable
 * selector, and a generation that counts changes of spec <em>and of annotations</em>, since the
 * controller copies annotations onto its ReplicaSets. A status write may change annotations too:
 * the controller records the revision with it.
 */
final class DeploymentStrategy implements Strategy {

    @Override
    public boolean tracksGeneration() {
        return true;
    }

    @Override
    public void applyDefaults(Unstructured deployment) {
        ObjectNode spec = struct(deployment.json(), "spec");
        if (spec == null) {
            return;
        }
        if (isNull(spec, "replicas")) {
            spec.put("replicas", 1);
        }
        ObjectNode strategy = struct(spec, "strategy");
        if (strategy != null) {
            if (isUnset(strategy, "type")) {
                strategy.put("type", "RollingUpdate");
            }
            if ("RollingUpdate".equals(strategy.path("type").asString(""))) {
                ObjectNode rollingUpdate = struct(strategy, "rollingUpdate");
                if (rollingUpdate != null) {
                    for (String bound : List.of("maxUnavailable", "maxSurge")) {
                        if (isNull(rollingUpdate, bound)) {
                            rollingUpdate.put(bound, "25%");
                        }
                    }
                }
            }
        }
        if (isNull(spec, "revisionHistoryLimit")) {
            spec.put("revisionHistoryLimit", 10);
        }
        if (isNull(spec, "progressDeadlineSeconds")) {
            spec.put("progressDeadlineSeconds", 600);
        }
        ObjectNode template = struct(spec, "template");
        if (template != null) {
            CoreV1Defaults.applyToPodTemplateSpec(template);
        }
    }

    /** An empty status: every counter of a DeploymentStatus is omitted at zero. */
    @Override
    public void prepareForCreate(Unstructured deployment) {
        deployment.json().putObject("status");
    }

    @Override
    public void prepareForUpdate(Unstructured deployment, Unstructured old) {
        if (!deployment.annotations().equals(old.annotations())) {
            deployment.setGeneration(old.generation() + 1);
        }
    }

    @Override
    public List<FieldError> validate(Unstructured deployment) {
        return DeploymentValidation.validateSpec(deployment.json().path("spec"));
    }

    @Override
    public List<FieldError> validateUpdate(Unstructured deployment, Unstructured old) {
        List<FieldError> errors = new ArrayList<>(validate(deployment));
        errors.addAll(ReplicaSetValidation.validateImmutableSelector(deployment.json().path("spec"),
                old.json().path("spec")));
        return errors;
    }

    @Override
    public boolean statusUpdateKeepsAnnotations() {
        return true;
    }

    @Override
    public List<FieldError> validateStatusUpdate(Unstructured deployment, Unstructured old) {
        return DeploymentValidation.validateStatusUpdate(deployment.json().path("status"), old.json().path("status"));
    }
}
