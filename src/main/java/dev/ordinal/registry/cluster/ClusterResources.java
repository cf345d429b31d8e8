package dev.ordinal.registry.cluster;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.printers.EndpointSliceTable;
import dev.ordinal.registry.printers.EventTable;
import dev.ordinal.registry.printers.LeaseTable;
import dev.ordinal.registry.printers.PodDisruptionBudgetTable;
import dev.ordinal.registry.printers.StorageClassTable;

import static dev.ordinal.registry.rest.ObjectSubresource.STATUS;

/**
 * The kinds of the smaller groups that StatefulSet workloads touch: events.k8s.io, policy,
 * storage.k8s.io, coordination.k8s.io and discovery.k8s.io.
 */
@Configuration(proxyBeanMethods = false)
class ClusterResources {

    @Bean
    ResourceDefinition eventsV1() {
        return ResourceDefinition.builder("events.k8s.io", "v1", "Event", "events")
                .strategy(new EventsV1EventStrategy())
                .shortNames("ev")
                .type(io.fabric8.kubernetes.api.model.events.v1.Event.class)
                .table(EventTable.eventsV1())
                .build();
    }

    @Bean
    ResourceDefinition podDisruptionBudgets() {
        return ResourceDefinition.builder("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets")
                .strategy(new PodDisruptionBudgetStrategy())
                .shortNames("pdb")
                .subresource("status", STATUS)
                .type(PodDisruptionBudget.class)
                .table(new PodDisruptionBudgetTable())
                .build();
    }

    @Bean
    ResourceDefinition storageClasses() {
        return ResourceDefinition.builder("storage.k8s.io", "v1", "StorageClass", "storageclasses")
                .strategy(new StorageClassStrategy())
                .returnDeletedObject()
                .clusterScoped()
                .shortNames("sc")
                .type(StorageClass.class)
                .table(new StorageClassTable())
                .build();
    }

    @Bean
    ResourceDefinition leases() {
        return ResourceDefinition.builder("coordination.k8s.io", "v1", "Lease", "leases")
                .strategy(new LeaseStrategy())
                .type(Lease.class)
                .table(new LeaseTable())
                .build();
    }

    @Bean
    ResourceDefinition endpointSlices() {
        return ResourceDefinition.builder("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices")
                .strategy(new EndpointSliceStrategy())
                .type(EndpointSlice.class)
                .table(new EndpointSliceTable())
                .build();
    }
}
