package dev.ordinal.registry.core;

import java.util.List;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.GroupVersionKind;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.Connecter;
import dev.ordinal.registry.rest.PodExecOptions;
import dev.ordinal.registry.rest.RemoteCommand;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.security.UserInfo;

/**
 * The exec and attach subresources of pods, as upstream's {@code ExecREST} and {@code AttachREST}:
 * admission first, with the options as the CONNECT request's object, as upstream's connect handler
 * runs it; then the pod must exist, the container be one of its own (or its only one), the pod be on a node;
 * then the node's running instance of the container is connected. A container that is not
 * running is, as from the kubelet, "container not found", which the client gets after the
 * upgrade, on the error channel.
 */
final class PodExecStorage implements Connecter {

    private final GenericRegistry registry;
    private final Supplier<ContainerStreams> node;
    private final boolean attach;

    PodExecStorage(GenericRegistry registry, Supplier<ContainerStreams> node, boolean attach) {
        this.registry = registry;
        this.node = node;
        this.attach = attach;
    }

    @Override
    public GroupVersionKind kind(ResourceDefinition parent) {
        return new GroupVersionKind("", "v1", attach ? "PodAttachOptions" : "PodExecOptions");
    }

    @Override
    public List<String> verbs() {
        return List.of("create", "get");
    }

    @Override
    public RemoteCommand connect(ResourceDefinition parent, String namespace, String name, PodExecOptions options,
                                 UserInfo user) {
        registry.admitConnect(parent, attach ? "attach" : "exec", namespace, name, optionsObject(options),
                user);
        Unstructured pod = registry.get(parent, namespace, name);
        String container = PodStreamLocation.container(pod, options.container());
        if (!PodStreamLocation.hasHost(pod)) {
            throw StatusError.badRequest("pod " + name + " does not have a host assigned");
        }
        if (!attach && options.command().isEmpty()) {
            throw StatusError.badRequest("you must specify at least one command for the container");
        }
        if (!options.stdin() && !options.stdout() && !options.stderr()) {
            throw StatusError.badRequest("you must specify at least 1 of stdin, stdout, stderr");
        }
        JsonNode status = PodStreamLocation.status(pod, container);
        if (!status.path("state").has("running")) {
            return notFound(container);
        }
        String containerId = status.path("containerID").asString("");
        ContainerStreams streams = node.get();
        return attach ? streams.attach(pod, container, containerId, options.tty())
                : streams.exec(pod, container, containerId, options.command(), options.tty());
    }

    /** The options as upstream's {@code PodExecOptions} or {@code PodAttachOptions} encode them. */
    private Unstructured optionsObject(PodExecOptions options) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        object.put("kind", attach ? "PodAttachOptions" : "PodExecOptions");
        object.put("apiVersion", "v1");
        putIfSet(object, "stdin", options.stdin());
        putIfSet(object, "stdout", options.stdout());
        putIfSet(object, "stderr", options.stderr());
        putIfSet(object, "tty", options.tty());
        if (!options.container().isEmpty()) {
            object.put("container", options.container());
        }
        if (!attach) {
            options.command().forEach(object.putArray("command")::add);
        }
        return new Unstructured(object);
    }

    /** Go's {@code omitempty}: a false flag is left out. */
    private static void putIfSet(ObjectNode object, String field, boolean value) {
        if (value) {
            object.put(field, true);
        }
    }

    /** The kubelet's answer when it runs no such container: the runtime found none to stream to. */
    private static RemoteCommand notFound(String container) {
        return (stdin, stdout, stderr, size) -> {
            throw StatusError.internal("unable to upgrade connection: container not found (\"" + container + "\")");
        };
    }
}
