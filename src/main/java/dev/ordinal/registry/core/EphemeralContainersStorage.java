package dev.ordinal.registry.core;

import java.util.List;
import java.util.function.UnaryOperator;

import dev.ordinal.machinery.GroupVersionKind;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.Getter;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.Updater;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * A pod's {@code ephemeralcontainers} subresource, as upstream's {@code EphemeralContainersREST}:
 * reads and writes the whole Pod, but a write changes only {@code spec.ephemeralContainers}, under
 * {@link PodEphemeralContainersStrategy}. {@code kubectl debug} adds its container with a strategic
 * merge patch here, which the registry applies to the current pod inside the write.
 */
final class EphemeralContainersStorage implements Getter, Updater {

    private static final GroupVersionKind POD = new GroupVersionKind("", "v1", "Pod");

    private final GenericRegistry registry;

    EphemeralContainersStorage(GenericRegistry registry) {
        this.registry = registry;
    }

    @Override
    public GroupVersionKind kind(ResourceDefinition parent) {
        return POD;
    }

    @Override
    public List<String> verbs() {
        return List.of("get", "patch", "update");
    }

    @Override
    public Unstructured get(ResourceDefinition parent, String namespace, String name) {
        return registry.get(parent, namespace, name);
    }

    @Override
    public Unstructured update(ResourceDefinition parent, String namespace, String name,
                               UnaryOperator<Unstructured> updatedObject, WriteOptions options) {
        ResourceDefinition ephemeral = parent.withStrategy(new PodEphemeralContainersStrategy(parent.strategy()));
        return registry.patch(ephemeral, namespace, name, updatedObject, Subresource.EPHEMERAL_CONTAINERS, options);
    }
}
