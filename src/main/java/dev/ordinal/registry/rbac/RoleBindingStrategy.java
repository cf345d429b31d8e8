package dev.ordinal.registry.rbac;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.NameRule;
import dev.ordinal.registry.rest.Strategy;

/**
 * RoleBindings and ClusterRoleBindings (upstream {@code pkg/registry/rbac/rolebinding} and
 * {@code clusterrolebinding}): the v1 defaults, {@code ValidateRoleBinding} (a ClusterRoleBinding
 * refers only to a ClusterRole, and its ServiceAccount subjects name their namespace), an
 * immutable role reference, and writes checked for escalation first.
 */
final class RoleBindingStrategy implements Strategy {

    private final boolean namespaced;
    private final GroupResource resource;
    private final Supplier<Escalation> escalation;

    private RoleBindingStrategy(boolean namespaced, Supplier<Escalation> escalation) {
        this.namespaced = namespaced;
        this.resource = new GroupResource(RbacResources.GROUP, namespaced ? "rolebindings" : "clusterrolebindings");
        this.escalation = escalation;
    }

    static RoleBindingStrategy roleBindings(Supplier<Escalation> escalation) {
        return new RoleBindingStrategy(true, escalation);
    }

    static RoleBindingStrategy clusterRoleBindings(Supplier<Escalation> escalation) {
        return new RoleBindingStrategy(false, escalation);
    }

    @Override
    public NameRule nameRule() {
        return NameRule.PATH_SEGMENT;
    }

    @Override
    public void applyDefaults(Unstructured binding) {
        RbacValidation.applyBindingDefaults(binding.json());
    }

    @Override
    public List<FieldError> validate(Unstructured binding) {
        List<FieldError> errors = RbacValidation.binding(binding.json(), namespaced);
        if (errors.isEmpty()) {
            checkEscalation(binding);
        }
        return errors;
    }

    @Override
    public List<FieldError> validateUpdate(Unstructured binding, Unstructured old) {
        List<FieldError> errors = new ArrayList<>(RbacValidation.binding(binding.json(), namespaced));
        errors.addAll(RbacValidation.roleRefUnchanged(binding.json(), old.json()));
        if (errors.isEmpty() && !GarbageCollectionFields.onlyTheyChanged(binding, old)) {
            checkEscalation(binding);
        }
        return errors;
    }

    private void checkEscalation(Unstructured binding) {
        RoleRef roleRef = JsonMapper.shared().treeToValue(binding.json().path("roleRef"), RoleRef.class);
        escalation.get().checkBinding(resource, binding.namespace(), binding.name(), roleRef);
    }
}
