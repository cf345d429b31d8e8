package dev.ordinal.registry.rbac;

import java.util.List;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.registry.authorization.Attributes;
import dev.ordinal.registry.authorization.Authorizer;
import dev.ordinal.registry.authorization.UserRules;
import dev.ordinal.security.RequestUser;
import dev.ordinal.security.UserInfo;

/**
 * Upstream's escalation prevention ({@code pkg/registry/rbac/role/policybased},
 * {@code rolebinding/policybased} and {@code validation.ConfirmNoEscalation}): a user may write a
 * role only with rules they hold themselves, and bind only a role whose rules they hold, unless
 * they are in {@code system:masters}, or may {@code escalate} that kind of role, or {@code bind}
 * that role. A write with no request behind it comes from the server's own controllers, which
 * upstream runs as privileged loopback clients.
 */
@Component
class Escalation {

    private final Authorizer authorizer;
    private final RuleResolver resolver;

    Escalation(Authorizer authorizer, RuleResolver resolver) {
        this.authorizer = authorizer;
        this.resolver = resolver;
    }

    /** Refuses writing {@code rules} into a role unless the requester holds them or may escalate. */
    void checkRole(GroupResource resource, String namespace, String name, String requestName, List<PolicyRule> rules) {
        UserInfo user = requester();
        if (privileged(user)) {
            return;
        }
        Attributes escalate = Attributes.resource(user, "escalate", namespace, resource.group(), "*",
                resource.resource(), "", requestName);
        if (authorizer.authorize(escalate).allowed()) {
            return;
        }
        confirmNoEscalation(user, resource, namespace, name, rules);
    }

    /** Refuses binding a role unless the requester may {@code bind} it or holds all its rules. */
    void checkBinding(GroupResource resource, String namespace, String name, RoleRef roleRef) {
        UserInfo user = requester();
        if (privileged(user)) {
            return;
        }
        String roles = "ClusterRole".equals(roleRef.getKind()) ? "clusterroles" : "roles";
        Attributes bind = Attributes.resource(user, "bind", namespace, RbacResources.GROUP, "*", roles, "",
                roleRef.getName());
        if (RbacResources.GROUP.equals(roleRef.getApiGroup()) && authorizer.authorize(bind).allowed()) {
            return;
        }
        List<PolicyRule> rules;
        try {
            rules = resolver.roleReferenceRules(roleRef, namespace);
        } catch (StatusError e) {
            throw StatusError.forbidden(resource, name, e.getMessage());
        }
        confirmNoEscalation(user, resource, namespace, name, rules);
    }

    private void confirmNoEscalation(UserInfo user, GroupResource resource, String namespace, String name,
                                     List<PolicyRule> rules) {
        UserRules owned = authorizer.rulesFor(user, namespace);
        List<PolicyRule> missing = RuleCoverage.missing(owned.rules(), rules);
        if (missing.isEmpty()) {
            return;
        }
        TreeSet<String> descriptions = new TreeSet<>();
        RuleCoverage.compact(missing).forEach(rule -> descriptions.add(RuleCoverage.compactString(rule)));
        String message = "user \"%s\" (groups=%s) is attempting to grant RBAC permissions not currently held:\n%s"
                .formatted(user.name(), RuleCoverage.quoted(user.groups()), String.join("\n", descriptions));
        if (!owned.errors().isEmpty()) {
            message += "; resolution errors: [" + String.join(" ", owned.errors()) + "]";
        }
        throw StatusError.forbidden(resource, name, message);
    }

    /** Upstream's {@code EscalationAllowed}: the server itself and {@code system:masters} may always. */
    private static boolean privileged(UserInfo user) {
        return user == null || user.groups().contains(UserInfo.MASTERS_GROUP);
    }

    /** The user of the request being served on this thread; null for the server's own writes. */
    private static UserInfo requester() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
                ? RequestUser.of(request.getRequest()) : null;
    }
}
