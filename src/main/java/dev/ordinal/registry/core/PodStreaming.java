package dev.ordinal.registry.core;

import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.Connecter;
import dev.ordinal.registry.rest.PortForwarder;
import dev.ordinal.registry.rest.Streamer;

/**
 * The pods' streaming subresources, log, exec, attach and portforward, as upstream's pod storage
 * builds its {@code LogREST}, {@code ExecREST}, {@code AttachREST} and {@code PortForwardREST} beside the kubelet client they reach
 * the node through. The node side is looked up on first use: the simulated kubelet is built from
 * informers that need the registry these subresources are part of.
 */
@Component
public final class PodStreaming {

    private final PodLogStorage log;
    private final PodExecStorage exec;
    private final PodExecStorage attach;
    private final PodPortForwardStorage portForward;

    @Autowired
    PodStreaming(GenericRegistry registry, ObjectProvider<ContainerStreams> node) {
        this(registry, (Supplier<ContainerStreams>) node::getObject);
    }

    public PodStreaming(GenericRegistry registry, Supplier<ContainerStreams> node) {
        this.log = new PodLogStorage(registry, node);
        this.exec = new PodExecStorage(registry, node, false);
        this.attach = new PodExecStorage(registry, node, true);
        this.portForward = new PodPortForwardStorage(registry, node);
    }

    Streamer log() {
        return log;
    }

    Connecter exec() {
        return exec;
    }

    Connecter attach() {
        return attach;
    }

    PortForwarder portForward() {
        return portForward;
    }
}
