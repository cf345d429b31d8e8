package dev.ordinal.registry.rest;

import dev.ordinal.security.UserInfo;

/**
 * A subresource a client connects to and streams through (exec, attach), upstream's
 * {@code rest.Connecter}: {@link #connect} checks the request as upstream does before any
 * upgrade, failing with the {@code StatusError} a client gets as an HTTP answer, and gives the
 * process the upgraded connection is then joined to.
 */
public interface Connecter extends SubresourceStorage {

    RemoteCommand connect(ResourceDefinition parent, String namespace, String name, PodExecOptions options,
                          UserInfo user);
}
