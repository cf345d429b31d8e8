package dev.ordinal.kubelet;

import java.util.Optional;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;

/** What a test says the kubelet cannot find: a volume's source, a container's configuration, or nothing. */
final class Missing implements PodLifecycle.Preconditions {

    static final Missing NOTHING = new Missing();

    String mount;
    String config;

    @Override
    public Optional<String> mountFailure(Unstructured pod) {
        return Optional.ofNullable(mount);
    }

    @Override
    public Optional<String> configError(Unstructured pod, JsonNode container) {
        return Optional.ofNullable(config);
    }
}
