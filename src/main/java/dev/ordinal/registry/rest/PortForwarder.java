package dev.ordinal.registry.rest;

import java.util.List;

import dev.ordinal.security.UserInfo;

/**
 * A subresource a client forwards TCP connections through (pods/portforward), upstream's
 * {@code PortForwardREST}: {@link #connect} checks the request before any upgrade, failing with
 * the {@code StatusError} a client gets as an HTTP answer, and gives what the upgraded
 * connection's streams are then forwarded to.
 */
public interface PortForwarder extends SubresourceStorage {

    PortForward connect(ResourceDefinition parent, String namespace, String name, List<Integer> ports, UserInfo user);
}
