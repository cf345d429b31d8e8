package dev.ordinal.controller.namespace;

import java.util.List;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.BootObjects;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * Creates the namespaces every cluster starts with, as kube-apiserver's system namespaces controller.
 * It runs first of the start-up tasks: the simulated kubelets write their leases into
 * kube-node-lease and their events into default, as on a cluster whose API server made those
 * namespaces before any node joined.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SystemNamespaces implements ApplicationRunner, BootObjects {

    static final List<String> NAMES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

    private final GenericRegistry registry;
    private final ResourceDefinition namespaces;

    SystemNamespaces(GenericRegistry registry, ResourceRegistry resources) {
        this.registry = registry;
        this.namespaces = resources.byResource("", "v1", "namespaces").orElseThrow();
    }

    @Override
    public void run(ApplicationArguments args) {
        create();
    }

    @Override
    public void create() {
        for (String name : NAMES) {
            if (registry.find(namespaces, "", name).isEmpty()) {
                ObjectNode namespace = JsonNodeFactory.instance.objectNode();
                namespace.putObject("metadata").put("name", name);
                registry.create(namespaces, "", new Unstructured(namespace), WriteOptions.defaults());
            }
        }
    }
}
