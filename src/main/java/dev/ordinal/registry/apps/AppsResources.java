package dev.ordinal.registry.apps;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.printers.ControllerRevisionTable;
import dev.ordinal.registry.printers.DaemonSetTable;
import dev.ordinal.registry.printers.DeploymentTable;
import dev.ordinal.registry.printers.ReplicaSetTable;
import dev.ordinal.registry.printers.StatefulSetTable;

import static dev.ordinal.registry.rest.ObjectSubresource.STATUS;

/** The apps/v1 kinds: the workloads and the ControllerRevisions StatefulSets and DaemonSets keep. */
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
    ResourceDefinition deployments(GenericRegistry registry) {
        return ResourceDefinition.builder("apps", "v1", "Deployment", "deployments")
                .strategy(new DeploymentStrategy())
                .shortNames("deploy")
                .categories("all")
                .subresource("status", STATUS)
                .subresource("scale", new ScaleStorage(registry))
                .type(Deployment.class)
                .table(new DeploymentTable())
                .build();
    }

    @Bean
    ResourceDefinition replicaSets(GenericRegistry registry) {
        return ResourceDefinition.builder("apps", "v1", "ReplicaSet", "replicasets")
                .strategy(new ReplicaSetStrategy())
                .shortNames("rs")
                .categories("all")
                .subresource("status", STATUS)
                .subresource("scale", new ScaleStorage(registry))
                .type(ReplicaSet.class)
                .table(new ReplicaSetTable())
                .build();
    }

    @Bean
    ResourceDefinition daemonSets() {
        return ResourceDefinition.builder("apps", "v1", "DaemonSet", "daemonsets")
                .strategy(new DaemonSetStrategy())
                .shortNames("ds")
                .categories("all")
                .subresource("status", STATUS)
                .type(DaemonSet.class)
                .table(new DaemonSetTable())
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
