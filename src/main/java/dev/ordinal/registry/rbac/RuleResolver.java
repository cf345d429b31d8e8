package dev.ordinal.registry.rbac;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ListOptions;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.authorization.UserRules;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.security.UserInfo;

/**
 * Finds the rules that apply to a user, upstream's {@code DefaultRuleResolver}
 * ({@code pkg/registry/rbac/validation/rule.go}): every ClusterRoleBinding naming the user, then
 * every RoleBinding in the namespace naming them, each followed to the Role or ClusterRole it
 * refers to. It reads the bindings and roles as stored at the moment it is asked.
 */
@Component
class RuleResolver {

    /** What the resolver sees: a rule and the binding it came through, or an error on the way. */
    interface Visitor {
        /** Returns false to stop visiting. */
        boolean visit(String source, PolicyRule rule, String error);
    }

    private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

    private final GenericRegistry registry;
    private final ResourceDefinition roles;
    private final ResourceDefinition clusterRoles;
    private final ResourceDefinition roleBindings;
    private final ResourceDefinition clusterRoleBindings;
    private final JsonMapper mapper = JsonMapper.shared();

    RuleResolver(GenericRegistry registry, ResourceRegistry resources) {
        this.registry = registry;
        this.roles = resources.byResource(RbacResources.GROUP, "v1", "roles").orElseThrow();
        this.clusterRoles = resources.byResource(RbacResources.GROUP, "v1", "clusterroles").orElseThrow();
        this.roleBindings = resources.byResource(RbacResources.GROUP, "v1", "rolebindings").orElseThrow();
        this.clusterRoleBindings = resources.byResource(RbacResources.GROUP, "v1", "clusterrolebindings").orElseThrow();
    }

    void visitRulesFor(UserInfo user, String namespace, Visitor visitor) {
        for (ClusterRoleBinding binding : list(clusterRoleBindings, "", ClusterRoleBinding.class)) {
            Subject subject = appliesTo(user, binding.getSubjects(), "");
            if (subject == null) {
                continue;
            }
            String source = "ClusterRoleBinding \"%s\" of %s \"%s\" to %s".formatted(binding.getMetadata().getName(),
                    binding.getRoleRef().getKind(), binding.getRoleRef().getName(), describe(subject, ""));
            if (!visitRules(source, binding.getRoleRef(), "", visitor)) {
                return;
            }
        }
        if (namespace.isEmpty()) {
            return;
        }
        for (RoleBinding binding : list(roleBindings, namespace, RoleBinding.class)) {
            Subject subject = appliesTo(user, binding.getSubjects(), namespace);
            if (subject == null) {
                continue;
            }
            String source = "RoleBinding \"%s/%s\" of %s \"%s\" to %s".formatted(binding.getMetadata().getName(),
                    namespace, binding.getRoleRef().getKind(), binding.getRoleRef().getName(),
                    describe(subject, namespace));
            if (!visitRules(source, binding.getRoleRef(), namespace, visitor)) {
                return;
            }
        }
    }

    private boolean visitRules(String source, RoleRef roleRef, String namespace, Visitor visitor) {
        List<PolicyRule> rules;
        try {
            rules = roleReferenceRules(roleRef, namespace);
        } catch (StatusError e) {
            return visitor.visit(null, null, e.getMessage());
        }
        for (PolicyRule rule : rules) {
            if (!visitor.visit(source, rule, null)) {
                return false;
            }
        }
        return true;
    }

    /** Every rule of the user in the namespace, upstream's {@code RulesFor}. */
    UserRules rulesFor(UserInfo user, String namespace) {
        List<PolicyRule> rules = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        visitRulesFor(user, namespace, (source, rule, error) -> {
            if (rule != null) {
                rules.add(rule);
            }
            if (error != null) {
                errors.add(error);
            }
            return true;
        });
        return new UserRules(rules, errors);
    }

    /**
     * The rules of the role a binding refers to; a missing role is upstream's lister error,
     * {@code clusterrole.rbac.authorization.k8s.io "name" not found}.
     */
    List<PolicyRule> roleReferenceRules(RoleRef roleRef, String bindingNamespace) {
        return switch (roleRef.getKind()) {
            case "Role" -> rules(get(roles, bindingNamespace, roleRef.getName(), "role", Role.class).getRules());
            case "ClusterRole" -> rules(get(clusterRoles, "", roleRef.getName(), "clusterrole",
                    ClusterRole.class).getRules());
            default -> throw new StatusError(500, "InternalError",
                    "unsupported role reference kind: \"" + roleRef.getKind() + "\"", null);
        };
    }

    private static List<PolicyRule> rules(List<PolicyRule> rules) {
        return rules == null ? List.of() : rules;
    }

    private <T> T get(ResourceDefinition definition, String namespace, String name, String singular, Class<T> type) {
        Unstructured object = registry.find(definition, namespace, name).orElseThrow(() -> new StatusError(404,
                "NotFound", singular + "." + RbacResources.GROUP + " \"" + name + "\" not found", null));
        return mapper.treeToValue(object.json(), type);
    }

    private <T> List<T> list(ResourceDefinition definition, String namespace, Class<T> type) {
        List<T> items = new ArrayList<>();
        for (Unstructured item : registry.list(definition, namespace, ListOptions.everything()).items()) {
            items.add(mapper.treeToValue(item.json(), type));
        }
        return items;
    }

    /** The first subject naming the user, upstream's {@code appliesTo}; null when none does. */
    static Subject appliesTo(UserInfo user, List<Subject> subjects, String namespace) {
        if (subjects == null) {
            return null;
        }
        for (Subject subject : subjects) {
            if (appliesTo(user, subject, namespace)) {
                return subject;
            }
        }
        return null;
    }

    private static boolean appliesTo(UserInfo user, Subject subject, String namespace) {
        return switch (subject.getKind() == null ? "" : subject.getKind()) {
            case "User" -> user.name().equals(subject.getName());
            case "Group" -> user.groups().contains(subject.getName());
            case "ServiceAccount" -> {
                // A subject without a namespace means the binding's own, so a RoleBinding can name
                // the ServiceAccounts of its namespace unqualified.
                String saNamespace = subject.getNamespace() == null || subject.getNamespace().isEmpty()
                        ? namespace : subject.getNamespace();
                yield !saNamespace.isEmpty()
                        && user.name().equals(SERVICE_ACCOUNT_PREFIX + saNamespace + ":" + subject.getName());
            }
            default -> false;
        };
    }

    private static String describe(Subject subject, String bindingNamespace) {
        if ("ServiceAccount".equals(subject.getKind())) {
            String namespace = subject.getNamespace() == null || subject.getNamespace().isEmpty()
                    ? bindingNamespace : subject.getNamespace();
            return "ServiceAccount \"" + subject.getName() + "/" + namespace + "\"";
        }
        return subject.getKind() + " \"" + subject.getName() + "\"";
    }
}
