package dev.ordinal.registry.rbac;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.NameRule;
import dev.ordinal.registry.rest.Strategy;

/**
 * ClusterRoles (upstream {@code pkg/registry/rbac/clusterrole}): {@code ValidateClusterRole},
 * rules that may name non-resource URLs and an aggregation rule with at least one selector, with
 * writes checked for escalation first.
 */
final class ClusterRoleStrategy implements Strategy {

    private static final GroupResource CLUSTER_ROLES = new GroupResource(RbacResources.GROUP, "clusterroles");

    private final Supplier<Escalation> escalation;

    ClusterRoleStrategy(Supplier<Escalation> escalation) {
        this.escalation = escalation;
    }

    @Override
    public NameRule nameRule() {
        return NameRule.PATH_SEGMENT;
    }

    @Override
    public List<FieldError> validate(Unstructured role) {
        escalation.get().checkRole(CLUSTER_ROLES, "", role.name(), "", RoleStrategy.rules(role.json()));
        return validation(role.json());
    }

    @Override
    public List<FieldError> validateUpdate(Unstructured role, Unstructured old) {
        if (!GarbageCollectionFields.onlyTheyChanged(role, old)) {
            escalation.get().checkRole(CLUSTER_ROLES, "", role.name(), role.name(), RoleStrategy.rules(role.json()));
        }
        return validation(role.json());
    }

    private static List<FieldError> validation(JsonNode role) {
        List<FieldError> errors = new ArrayList<>(RbacValidation.rules(role.path("rules"), false));
        JsonNode aggregation = role.path("aggregationRule");
        if (aggregation.isObject() && aggregation.path("clusterRoleSelectors").isEmpty()) {
            errors.add(FieldError.required("aggregationRule.clusterRoleSelectors",
                    "at least one clusterRoleSelector required if aggregationRule is non-nil"));
        }
        return errors;
    }
}
