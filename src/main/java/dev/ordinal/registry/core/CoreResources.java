package dev.ordinal.registry.core;

import java.time.Clock;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.printers.ConfigMapTable;
import dev.ordinal.registry.printers.EndpointsTable;
import dev.ordinal.registry.printers.EventTable;
import dev.ordinal.registry.printers.NamespaceTable;
import dev.ordinal.registry.printers.NodeTable;
import dev.ordinal.registry.printers.PersistentVolumeClaimTable;
import dev.ordinal.registry.printers.PersistentVolumeTable;
import dev.ordinal.registry.printers.PodTable;
import dev.ordinal.registry.printers.SecretTable;
import dev.ordinal.registry.printers.ServiceAccountTable;
import dev.ordinal.registry.printers.ServiceTable;

import static dev.ordinal.registry.rest.ObjectSubresource.FINALIZE;
import static dev.ordinal.registry.rest.ObjectSubresource.STATUS;

/** The core (legacy, "v1") group's kinds, with upstream's names, short names and categories. */
@Configuration(proxyBeanMethods = false)
class CoreResources {

    @Bean
    ResourceDefinition namespaces() {
        return ResourceDefinition.builder("", "v1", "Namespace", "namespaces")
                .returnDeletedObject()
                .clusterScoped()
                .shortNames("ns")
                .subresource("status", STATUS)
                .subresource("finalize", FINALIZE)
                .type(Namespace.class)
                .strategy(new NamespaceStrategy())
                .table(new NamespaceTable())
                .build();
    }

    @Bean
    ResourceDefinition pods(PodBinder binding, PodEviction eviction, PodStreaming streaming,
                            GenericRegistry registry) {
        return ResourceDefinition.builder("", "v1", "Pod", "pods")
                .strategy(new PodStrategy())
                .returnDeletedObject()
                .shortNames("po")
                .categories("all")
                .subresource("status", STATUS)
                .subresource("binding", binding)
                .subresource("eviction", eviction)
                .subresource("log", streaming.log())
                .subresource("exec", streaming.exec())
                .subresource("attach", streaming.attach())
                .subresource("ephemeralcontainers", new EphemeralContainersStorage(registry))
                .subresource("portforward", streaming.portForward())
                .type(Pod.class)
                .table(new PodTable())
                .build();
    }

    @Bean
    ResourceDefinition persistentVolumeClaims() {
        return ResourceDefinition.builder("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims")
                .strategy(new PersistentVolumeClaimStrategy())
                .returnDeletedObject()
                .shortNames("pvc")
                .subresource("status", STATUS)
                .type(PersistentVolumeClaim.class)
                .table(new PersistentVolumeClaimTable())
                .build();
    }

    @Bean
    ResourceDefinition persistentVolumes(Clock clock) {
        return ResourceDefinition.builder("", "v1", "PersistentVolume", "persistentvolumes")
                .strategy(new PersistentVolumeStrategy(clock))
                .returnDeletedObject()
                .clusterScoped()
                .shortNames("pv")
                .subresource("status", STATUS)
                .type(PersistentVolume.class)
                .table(new PersistentVolumeTable())
                .build();
    }

    @Bean
    ResourceDefinition services() {
        return ResourceDefinition.builder("", "v1", "Service", "services")
                .strategy(new ServiceStrategy())
                .returnDeletedObject()
                .shortNames("svc")
                .categories("all")
                .subresource("status", STATUS)
                .type(Service.class)
                .table(new ServiceTable())
                .build();
    }

    @Bean
    ResourceDefinition endpoints() {
        return ResourceDefinition.builder("", "v1", "Endpoints", "endpoints")
                .strategy(new EndpointsStrategy())
                .shortNames("ep")
                .type(Endpoints.class)
                .table(new EndpointsTable())
                .build();
    }

    @Bean
    ResourceDefinition events() {
        return ResourceDefinition.builder("", "v1", "Event", "events")
                .strategy(new EventStrategy())
                .shortNames("ev")
                .type(Event.class)
                .table(EventTable.coreV1())
                .build();
    }

    @Bean
    ResourceDefinition nodes() {
        return ResourceDefinition.builder("", "v1", "Node", "nodes")
                .strategy(new NodeStrategy())
                .clusterScoped()
                .shortNames("no")
                .subresource("status", STATUS)
                .type(Node.class)
                .table(new NodeTable())
                .build();
    }

    @Bean
    ResourceDefinition configMaps() {
        return ResourceDefinition.builder("", "v1", "ConfigMap", "configmaps")
                .strategy(new ConfigMapStrategy())
                .shortNames("cm")
                .type(ConfigMap.class)
                .table(new ConfigMapTable())
                .build();
    }

    @Bean
    ResourceDefinition secrets() {
        return ResourceDefinition.builder("", "v1", "Secret", "secrets")
                .strategy(new SecretStrategy())
                .type(Secret.class)
                .table(new SecretTable())
                .build();
    }

    @Bean
    ResourceDefinition serviceAccounts(ServiceAccountTokenRequest token) {
        return ResourceDefinition.builder("", "v1", "ServiceAccount", "serviceaccounts")
                .strategy(new ServiceAccountStrategy())
                .returnDeletedObject()
                .shortNames("sa")
                .subresource("token", token)
                .type(ServiceAccount.class)
                .table(new ServiceAccountTable())
                .build();
    }
}
