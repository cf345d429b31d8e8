package dev.ordinal.registry.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.LogStream;
import dev.ordinal.registry.rest.PodLogOptions;
import dev.ordinal.registry.rest.RemoteCommand;

/**
 * What the pods' streaming subresources reach on the node, as upstream's pod REST reaches the
 * kubelet's streaming server: a process in a running container, and a container instance's log.
 * The simulated kubelet implements it; the registry has already checked the pod and chosen the
 * container instance by its status's containerID.
 */
public interface ContainerStreams {

    /** Runs {@code command} in the container instance {@code containerId} of {@code pod}. */
    RemoteCommand exec(Unstructured pod, String container, String containerId, List<String> command, boolean tty);

    /** Joins the main process of the container instance {@code containerId}. */
    RemoteCommand attach(Unstructured pod, String container, String containerId, boolean tty);

    /** The log of the container instance {@code containerId}, as the options ask. */
    LogStream log(Unstructured pod, String container, String containerId, PodLogOptions options);

    /**
     * Connects to {@code port} inside the pod, as the kubelet's runtime port-forwards: what
     * listens there reads {@code in} and writes {@code out} until either side ends. Fails with an
     * IOException whose message is the runtime's when nothing listens there.
     */
    void portForward(Unstructured pod, int port, InputStream in, OutputStream out) throws IOException;
}
