package dev.ordinal.registry.rbac;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import org.springframework.stereotype.Component;

import dev.ordinal.registry.authorization.Attributes;
import dev.ordinal.registry.authorization.Authorizer;
import dev.ordinal.registry.authorization.Decision;
import dev.ordinal.registry.authorization.UserRules;
import dev.ordinal.security.UserInfo;

/**
 * The server's authorizer chain as kube-apiserver builds it with {@code --authorization-mode=RBAC}:
 * first the privileged-group authorizer, which allows every request of a member of
 * {@code system:masters} without looking at any binding, then RBAC
 * ({@code plugin/pkg/auth/authorizer/rbac}), which allows a request when some rule bound to the
 * user allows it and otherwise has no opinion, so the request is refused.
 */
@Component
class RbacAuthorizer implements Authorizer {

    private static final PolicyRule ALL_RESOURCES = new PolicyRuleBuilder().withVerbs("*").withApiGroups("*")
            .withResources("*").build();
    private static final PolicyRule ALL_PATHS = new PolicyRuleBuilder().withVerbs("*").withNonResourceURLs("*").build();

    private final RuleResolver resolver;

    RbacAuthorizer(RuleResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Decision authorize(Attributes attributes) {
        if (attributes.user().groups().contains(UserInfo.MASTERS_GROUP)) {
            return Decision.allow("");
        }
        String[] allowedBy = new String[1];
        List<String> errors = new ArrayList<>();
        resolver.visitRulesFor(attributes.user(), attributes.namespace(), (source, rule, error) -> {
            if (error != null) {
                errors.add(error);
                return true;
            }
            if (PolicyRuleMatching.allows(attributes, rule)) {
                allowedBy[0] = source;
                return false;
            }
            return true;
        });
        if (allowedBy[0] != null) {
            return Decision.allow("RBAC: allowed by " + allowedBy[0]);
        }
        return Decision.noOpinion(errors.isEmpty() ? "" : "RBAC: " + new UserRules(List.of(), errors).evaluationError());
    }

    /** The privileged group's rules (everything) and then RBAC's, as upstream's union of both resolvers. */
    @Override
    public UserRules rulesFor(UserInfo user, String namespace) {
        UserRules rbac = resolver.rulesFor(user, namespace);
        if (!user.groups().contains(UserInfo.MASTERS_GROUP)) {
            return rbac;
        }
        List<PolicyRule> rules = new ArrayList<>(List.of(ALL_RESOURCES, ALL_PATHS));
        rules.addAll(rbac.rules());
        return new UserRules(rules, rbac.errors());
    }
}
