package dev.ordinal.registry.rbac;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.NameRule;
import dev.ordinal.registry.rest.Strategy;

/**
 * Roles (upstream {@code pkg/registry/rbac/role}): {@code ValidateRole}, with writes checked for
 * escalation first, as upstream's policy-based storage wraps the role store.
 */
final class RoleStrategy implements Strategy {

    private static final GroupResource ROLES = new GroupResource(RbacResources.GROUP, "roles");

    private final Supplier<Escalation> escalation;

    RoleStrategy(Supplier<Escalation> escalation) {
        this.escalation = escalation;
    }

    @Override
    public NameRule nameRule() {
        return NameRule.PATH_SEGMENT;
    }

    @Override
    public List<FieldError> validate(Unstructured role) {
        escalation.get().checkRole(ROLES, role.namespace(), role.name(), "", rules(role.json()));
        return RbacValidation.rules(role.json().path("rules"), true);
    }

    @Override
    public List<FieldError> validateUpdate(Unstructured role, Unstructured old) {
        if (!GarbageCollectionFields.onlyTheyChanged(role, old)) {
            escalation.get().checkRole(ROLES, role.namespace(), role.name(), role.name(), rules(role.json()));
        }
        return RbacValidation.rules(role.json().path("rules"), true);
    }

    static List<PolicyRule> rules(JsonNode role) {
        List<PolicyRule> rules = new ArrayList<>();
        for (JsonNode rule : role.path("rules")) {
            rules.add(JsonMapper.shared().treeToValue(rule, PolicyRule.class));
        }
        return rules;
    }
}
