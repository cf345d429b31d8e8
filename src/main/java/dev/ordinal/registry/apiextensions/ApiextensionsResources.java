package dev.ordinal.registry.apiextensions;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ordinal.registry.rest.ResourceDefinition;

import static dev.ordinal.registry.rest.ObjectSubresource.STATUS;

/** The apiextensions.k8s.io kinds: CustomResourceDefinition, served as upstream's apiextensions server does. */
@Configuration(proxyBeanMethods = false)
class ApiextensionsResources {

    @Bean
    ResourceDefinition customResourceDefinitions() {
        return ResourceDefinition.builder(CustomResourceDefinitions.GROUP, "v1", "CustomResourceDefinition",
                        "customresourcedefinitions")
                .clusterScoped()
                .shortNames("crd", "crds")
                .categories("api-extensions")
                .subresource("status", STATUS)
                .type(CustomResourceDefinition.class)
                .strategy(new CustomResourceDefinitionStrategy())
                .build();
    }
}
