package dev.ordinal.registry.apps;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.core.CoreV1Defaults;
import dev.ordinal.registry.core.SemanticEquality;
import dev.ordinal.registry.rest.Strategy;

import static dev.ordinal.machinery.JsonFields.isNull;
import static dev.ordinal.machinery.JsonFields.isUnset;
import static dev.ordinal.machinery.JsonFields.struct;

/**
 * DaemonSets (upstream {@code pkg/registry/apps/daemonset/strategy.go} and
 * {@code SetDefaults_DaemonSet}): the update strategy's and the pod template's defaults on every
 * write, a new set's status reset, an immutable selector, and the template generation. Upstream
 * keeps that generation in the internal {@code spec.templateGeneration}, which apps/v1 shows as
 * the annotation {@value #TEMPLATE_GENERATION}: it starts at 1, only the server moves it, by one
 * with every change of the template.
 */
final class DaemonSetStrategy implements Strategy {

    /** Upstream appsv1.DeprecatedTemplateGeneration. */
    static final String TEMPLATE_GENERATION = "deprecated.daemonset.template.generation";

    @Override
    public boolean tracksGeneration() {
        return true;
    }

    @Override
    public void applyDefaults(Unstructured daemonSet) {
        ObjectNode spec = struct(daemonSet.json(), "spec");
        if (spec == null) {
            return;
        }
        ObjectNode strategy = struct(spec, "updateStrategy");
        if (strategy != null) {
            if (isUnset(strategy, "type")) {
                strategy.put("type", "RollingUpdate");
            }
            if ("RollingUpdate".equals(strategy.path("type").asString(""))) {
                ObjectNode rollingUpdate = struct(strategy, "rollingUpdate");
                if (rollingUpdate != null) {
                    if (isNull(rollingUpdate, "maxUnavailable")) {
                        rollingUpdate.put("maxUnavailable", 1);
                    }
                    if (isNull(rollingUpdate, "maxSurge")) {
                        rollingUpdate.put("maxSurge", 0);
                    }
                }
            }
        }
        if (isNull(spec, "revisionHistoryLimit")) {
            spec.put("revisionHistoryLimit", 10);
        }
        ObjectNode template = struct(spec, "template");
        if (template != null) {
            CoreV1Defaults.applyToPodTemplateSpec(template);
        }
    }

    /**
     * An empty status, which Go writes with its four counters that have no omitempty, and a
     * template generation of at least 1.
     */
    @Override
    public void prepareForCreate(Unstructured daemonSet) {
        daemonSet.json().putObject("status").put("currentNumberScheduled", 0).put("numberMisscheduled", 0)
                .put("desiredNumberScheduled", 0).put("numberReady", 0);
        setTemplateGeneration(daemonSet, Math.max(1, templateGeneration(daemonSet)));
    }

    /** The template generation is the stored one, one more when the template changed. */
    @Override
    public void prepareForUpdate(Unstructured daemonSet, Unstructured old) {
        boolean templateChanged = !SemanticEquality.equal(daemonSet.at("spec.template"), old.at("spec.template"));
        setTemplateGeneration(daemonSet, templateGeneration(old) + (templateChanged ? 1 : 0));
    }

    @Override
    public List<FieldError> validate(Unstructured daemonSet) {
        return DaemonSetValidation.validateSpec(daemonSet.json().path("spec"));
    }

    @Override
    public List<FieldError> validateUpdate(Unstructured daemonSet, Unstructured old) {
        List<FieldError> errors = new ArrayList<>(validate(daemonSet));
        errors.addAll(ReplicaSetValidation.validateImmutableSelector(daemonSet.json().path("spec"),
                old.json().path("spec")));
        return errors;
    }

    @Override
    public List<FieldError> validateStatusUpdate(Unstructured daemonSet, Unstructured old) {
        return DaemonSetValidation.validateStatusUpdate(daemonSet.json().path("status"), old.json().path("status"));
    }

    /** The annotation's number; one that is not a number counts as unset, as 0. */
    private static long templateGeneration(Unstructured daemonSet) {
        try {
            return Long.parseLong(daemonSet.annotations().getOrDefault(TEMPLATE_GENERATION, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void setTemplateGeneration(Unstructured daemonSet, long generation) {
        daemonSet.metadata().withObject("annotations").put(TEMPLATE_GENERATION, String.valueOf(generation));
    }
}
