package dev.ordinal.registry.authorization;

import dev.ordinal.security.UserInfo;

/**
 * Decides whether a request may be made, and lists what a user may do in a namespace: upstream's
 * {@code authorizer.Authorizer} and {@code authorizer.RuleResolver} of the server's authorizer
 * chain, which the authorization filter, impersonation and the access review APIs all ask.
 */
public interface Authorizer {

    Decision authorize(Attributes attributes);

    /** What {@code user} may do in {@code namespace} (cluster-wide rules included). */
    UserRules rulesFor(UserInfo user, String namespace);
}
