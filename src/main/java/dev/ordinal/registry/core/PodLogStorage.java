package dev.ordinal.registry.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.GroupVersionKind;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.LogStream;
import dev.ordinal.registry.rest.PodLogOptions;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.Streamer;

/**
 * The log subresource of pods, as upstream's {@code LogREST}: the options are validated first
 * ({@code ValidatePodLogOptions}), then the container is chosen as for exec, a pod on no node has
 * nothing to stream (204), and the container instance whose log is read is chosen from the pod's
 * status as the kubelet's {@code validateContainerLogStatus} chooses it, with its errors.
 */
final class PodLogStorage implements Streamer {

    private final GenericRegistry registry;
    private final Supplier<ContainerStreams> node;

    PodLogStorage(GenericRegistry registry, Supplier<ContainerStreams> node) {
        this.registry = registry;
        this.node = node;
    }

    @Override
    public GroupVersionKind kind(ResourceDefinition parent) {
        return new GroupVersionKind("", "v1", "Pod");
    }

    @Override
    public List<String> verbs() {
        return List.of("get");
    }

    @Override
    public Optional<LogStream> stream(ResourceDefinition parent, String namespace, String name,
                                      PodLogOptions options) {
        validate(options);
        Unstructured pod = registry.get(parent, namespace, name);
        String container = PodStreamLocation.container(pod, options.container());
        if (!PodStreamLocation.hasHost(pod)) {
            return Optional.empty();
        }
        String containerId = containerId(pod, container, options.previous());
        return Optional.of(node.get().log(pod, container, containerId, options));
    }

    private static void validate(PodLogOptions options) {
        List<FieldError> errors = new ArrayList<>();
        if (options.tailLines() != null && options.tailLines() < 0) {
            errors.add(FieldError.invalid("tailLines", options.tailLines(), "must be greater than or equal to 0"));
        }
        if (options.limitBytes() != null && options.limitBytes() < 1) {
            errors.add(FieldError.invalid("limitBytes", options.limitBytes(), "must be greater than 0"));
        }
        if (options.sinceSeconds() != null && options.sinceTime() != null) {
            errors.add(FieldError.forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
        }
        if (options.sinceSeconds() != null && options.sinceSeconds() < 1) {
            errors.add(FieldError.invalid("sinceSeconds", options.sinceSeconds(), "must be greater than 0"));
        }
        if (!errors.isEmpty()) {
            throw StatusError.invalid("", "PodLogOptions", "", errors);
        }
    }

    /** The kubelet's validateContainerLogStatus: the instance to read, or why there is none. */
    private static String containerId(Unstructured pod, String container, boolean previous) {
        JsonNode status = PodStreamLocation.status(pod, container);
        String which = "container \"" + container + "\" in pod \"" + pod.name() + "\"";
        if (status.isMissingNode()) {
            throw StatusError.badRequest(which + " is not available");
        }
        JsonNode state = status.path("state");
        JsonNode lastTerminated = status.path("lastState").path("terminated");
        String lastId = lastTerminated.path("containerID").asString("");
        if (previous) {
            if (lastId.isEmpty()) {
                throw StatusError.badRequest("previous terminated " + which + " not found");
            }
            return lastId;
        }
        if (state.has("running")) {
            return status.path("containerID").asString("");
        }
        if (state.has("terminated")) {
            String id = state.path("terminated").path("containerID").asString("");
            if (!id.isEmpty()) {
                return id;
            }
            if (lastId.isEmpty()) {
                throw StatusError.badRequest(which + " is terminated");
            }
            return lastId;
        }
        if (!lastTerminated.isMissingNode()) {
            if (lastId.isEmpty()) {
                throw StatusError.badRequest(which + " is terminated");
            }
            return lastId;
        }
        if (state.has("waiting")) {
            String reason = state.path("waiting").path("reason").asString("");
            throw StatusError.badRequest(which + " is waiting to start: " + switch (reason) {
                case "ErrImagePull" -> "image can't be pulled";
                case "ImagePullBackOff" -> "trying and failing to pull image";
                default -> reason;
            });
        }
        throw StatusError.badRequest(which + " is waiting to start - no logs yet");
    }
}
