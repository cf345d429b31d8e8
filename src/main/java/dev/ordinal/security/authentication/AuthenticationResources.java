package dev.ordinal.security.authentication;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.security.UserInfo;

/**
 * authentication.k8s.io/v1: the reviews, each created and answered, never stored (upstream's
 * {@code pkg/registry/authentication}). A SelfSubjectReview tells the requester who the server
 * takes it for ({@code kubectl auth whoami}); a TokenReview tells whether a bearer token
 * authenticates, as whom and for which audiences (what a webhook token authenticator asks).
 */
@Configuration(proxyBeanMethods = false)
class AuthenticationResources {

    private static final String GROUP = "authentication.k8s.io";

    @Bean
    ResourceDefinition selfSubjectReviews() {
        return ResourceDefinition.builder(GROUP, "v1", "SelfSubjectReview", "selfsubjectreviews")
                .clusterScoped()
                .type(SelfSubjectReview.class)
                .createOnly((namespace, review, user) -> {
                    userInfo(status(review).putObject("userInfo"), user);
                    return review;
                })
                .build();
    }

    @Bean
    ResourceDefinition tokenReviews(Authentication authentication) {
        return ResourceDefinition.builder(GROUP, "v1", "TokenReview", "tokenreviews")
                .clusterScoped()
                .type(TokenReview.class)
                .createOnly((namespace, review, user) -> tokenReview(authentication, review))
                .build();
    }

    private static Unstructured tokenReview(Authentication authentication, Unstructured review) {
        String token = review.at("spec.token").asString("");
        if (token.isEmpty()) {
            throw StatusError.badRequest("token is required for TokenReview in authentication");
        }
        List<String> audiences = review.at("spec.audiences").valueStream().map(a -> a.asString("")).toList();
        ObjectNode status = status(review);
        try {
            Optional<TokenAuthenticator.Authenticated> found = authentication.authenticateToken(token,
                    audiences.isEmpty() ? authentication.apiAudiences() : audiences);
            status.put("authenticated", found.isPresent());
            ObjectNode user = status.putObject("user");
            found.ifPresent(authenticated -> {
                userInfo(user, authenticated.user());
                authenticated.audiences().forEach(status.putArray("audiences")::add);
            });
        } catch (InvalidCredentials e) {
            status.put("authenticated", false);
            status.putObject("user");
            status.put("error", e.getMessage());
        }
        return review;
    }

    /** The review's status, filled in afresh: whatever the client sent there is not its to say. */
    private static ObjectNode status(Unstructured review) {
        return review.json().putObject("status");
    }

    /** authentication.k8s.io/v1 UserInfo, whose empty fields upstream leaves out. */
    private static void userInfo(ObjectNode json, UserInfo user) {
        json.put("username", user.name());
        if (!user.uid().isEmpty()) {
            json.put("uid", user.uid());
        }
        if (!user.groups().isEmpty()) {
            user.groups().forEach(json.putArray("groups")::add);
        }
        if (!user.extra().isEmpty()) {
            ObjectNode extra = json.putObject("extra");
            for (Map.Entry<String, List<String>> entry : user.extra().entrySet()) {
                entry.getValue().forEach(extra.putArray(entry.getKey())::add);
            }
        }
    }
}
