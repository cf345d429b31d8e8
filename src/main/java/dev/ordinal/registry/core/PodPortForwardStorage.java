package dev.ordinal.registry.core;

import java.util.List;
import java.util.function.Supplier;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.GroupVersionKind;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.PortForward;
import dev.ordinal.registry.rest.PortForwarder;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.security.UserInfo;

/**
 * The portforward subresource of pods, as upstream's {@code PortForwardREST} and
 * {@code PortForwardLocation}: the pod must exist and be on a node; then every forwarded
 * connection is made by the node, inside the pod, when the client opens it.
 */
final class PodPortForwardStorage implements PortForwarder {

    private final GenericRegistry registry;
    private final Supplier<ContainerStreams> node;

    PodPortForwardStorage(GenericRegistry registry, Supplier<ContainerStreams> node) {
        this.registry = registry;
        this.node = node;
    }

    @Override
    public GroupVersionKind kind(ResourceDefinition parent) {
        return new GroupVersionKind("", "v1", "PodPortForwardOptions");
    }

    @Override
    public List<String> verbs() {
        return List.of("create", "get");
    }

    @Override
    public PortForward connect(ResourceDefinition parent, String namespace, String name, List<Integer> ports,
                               UserInfo user) {
        registry.admitConnect(parent, "portforward", namespace, name, optionsObject(ports), user);
        Unstructured pod = registry.get(parent, namespace, name);
        if (!PodStreamLocation.hasHost(pod)) {
            throw StatusError.badRequest("pod " + name + " does not have a host assigned");
        }
        return (port, fromClient, toClient) -> node.get().portForward(pod, port, fromClient, toClient);
    }

    /** The object CONNECT admission sees, as upstream's: the ports the request names, if any. */
    private static Unstructured optionsObject(List<Integer> ports) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        object.put("kind", "PodPortForwardOptions");
        object.put("apiVersion", "v1");
        if (!ports.isEmpty()) {
            ports.forEach(object.putArray("ports")::add);
        }
        return new Unstructured(object);
    }
}
