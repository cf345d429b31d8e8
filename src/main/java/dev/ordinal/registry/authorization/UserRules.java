package dev.ordinal.registry.authorization;

import java.util.List;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;

/**
 * The rules a user holds in a namespace, as upstream's {@code RulesFor} answers them: every rule
 * found, and the errors met on the way (a binding to a role that does not exist), after which the
 * list may be incomplete.
 */
public record UserRules(List<PolicyRule> rules, List<String> errors) {

    public UserRules {
        rules = List.copyOf(rules);
        errors = List.copyOf(errors);
    }

    /** Upstream's aggregate of the errors, {@code [a, b]} for more than one. */
    public String evaluationError() {
        return errors.size() == 1 ? errors.get(0) : errors.isEmpty() ? "" : "[" + String.join(", ", errors) + "]";
    }
}
