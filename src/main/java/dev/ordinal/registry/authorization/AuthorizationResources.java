package dev.ordinal.registry.authorization;

import io.fabric8.kubernetes.api.model.authorization.v1.LocalSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ordinal.registry.rest.ResourceDefinition;

import static dev.ordinal.registry.authorization.AccessReviews.GROUP;

/**
 * authorization.k8s.io/v1: the access reviews, each create-only and never stored, as upstream
 * serves them. The authorizer is looked up when a review is created: it reads roles and
 * bindings through the registry these definitions are part of.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationResources {

    @Bean
    ResourceDefinition subjectAccessReviews(ObjectProvider<Authorizer> authorizer) {
        return ResourceDefinition.builder(GROUP, "v1", "SubjectAccessReview", "subjectaccessreviews")
                .clusterScoped()
                .type(SubjectAccessReview.class)
                .createOnly(AccessReviews.subjectAccessReviews(authorizer::getObject))
                .build();
    }

    @Bean
    ResourceDefinition selfSubjectAccessReviews(ObjectProvider<Authorizer> authorizer) {
        return ResourceDefinition.builder(GROUP, "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews")
                .clusterScoped()
                .type(SelfSubjectAccessReview.class)
                .createOnly(AccessReviews.selfSubjectAccessReviews(authorizer::getObject))
                .build();
    }

    @Bean
    ResourceDefinition localSubjectAccessReviews(ObjectProvider<Authorizer> authorizer) {
        return ResourceDefinition.builder(GROUP, "v1", "LocalSubjectAccessReview", "localsubjectaccessreviews")
                .type(LocalSubjectAccessReview.class)
                .createOnly(AccessReviews.localSubjectAccessReviews(authorizer::getObject))
                .build();
    }

    @Bean
    ResourceDefinition selfSubjectRulesReviews(ObjectProvider<Authorizer> authorizer) {
        return ResourceDefinition.builder(GROUP, "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews")
                .clusterScoped()
                .type(SelfSubjectRulesReview.class)
                .createOnly(new SelfSubjectRulesReviews(authorizer::getObject))
                .build();
    }
}
