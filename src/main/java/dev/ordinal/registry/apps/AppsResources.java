package dev.ordinal.registry.apps;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.printers.ControllerRevisionTable;
import dev.ordinal.registry.printers.StatefulSetTable;

import static dev.ordinal.registry.rest.ObjectSubresource.STATUS;

/** The apps/v1 kinds a StatefulSet needs. */
@Configuration(proxyBeanMethods = false)
class AppsResources {

    @Bean
    ResourceDefinition statefulSets(GenericRegistry registry) {
        return ResourceDefinition.builder("apps", "v1", "StatefulSet", "statefulsets")
                .strategy(new StatefulSetStrategy(JsonMapper.builder().build()))
                .shortNames("sts")
                .categories("all")
                .subresource("status", STATUS)
                .subresource("scale", new ScaleStorage(registry))
                .type(StatefulSet.class)
                .table(new StatefulSetTable())
                .build();
    }

    @Bean
    ResourceDefinition controllerRevisions() {
        return ResourceDefinition.builder("apps", "v1", "ControllerRevision", "controllerrevisions")
                .strategy(new ControllerRevisionStrategy())
                .type(ControllerRevision.class)
                .table(new ControllerRevisionTable())
                .build();
    }
}
