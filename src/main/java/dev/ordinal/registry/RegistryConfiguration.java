package dev.ordinal.registry;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ordinal.machinery.SimulatedClock;
import dev.ordinal.registry.admission.AdmissionChain;
import dev.ordinal.registry.admission.AdmissionPlugin;
import dev.ordinal.registry.fieldmanager.FieldManager;
import dev.ordinal.registry.fieldmanager.MergeTypes;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.storage.ObjectStore;

/** Wires the served kinds into one registry, in the group order upstream's discovery shows. */
@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {

    private static final List<String> GROUP_ORDER = List.of("", "apps", "events.k8s.io", "authentication.k8s.io",
            "authorization.k8s.io", "policy", "rbac.authorization.k8s.io", "storage.k8s.io", "coordination.k8s.io", "discovery.k8s.io");

    /** The one clock of the server: timestamps, ages and everything the simulation schedules. */
    @Bean
    SimulatedClock clock() {
        return new SimulatedClock(Clock.systemUTC());
    }

    @Bean
    ResourceRegistry resourceRegistry(List<ResourceDefinition> definitions) {
        return new ResourceRegistry(definitions.stream()
                .sorted(Comparator.comparingInt(d -> groupRank(d.group())))
                .toList());
    }

    @Bean
    FieldManager fieldManager(MergeTypes schemas, Clock clock) {
        return new FieldManager(schemas, clock);
    }

    @Bean
    GenericRegistry genericRegistry(ObjectStore store, Clock clock, List<Allocator> allocators,
                                    FieldManager fieldManager, AdmissionChain admission) {
        return new GenericRegistry(store, clock, allocators, fieldManager, admission);
    }

    /** Every admission plugin bean, in upstream's order. */
    @Bean
    AdmissionChain admissionChain(List<AdmissionPlugin> plugins) {
        return new AdmissionChain(plugins);
    }

    private static int groupRank(String group) {
        int rank = GROUP_ORDER.indexOf(group);
        return rank < 0 ? GROUP_ORDER.size() : rank;
    }
}
