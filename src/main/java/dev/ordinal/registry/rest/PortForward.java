package dev.ordinal.registry.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The ports of one pod as port-forwarding reaches them, the kubelet's {@code PortForwarder}: one
 * call forwards one connection, returning when either side has ended it.
 */
@FunctionalInterface
public interface PortForward {

    /**
     * Connects to {@code port} in the pod and joins the connection to the client's streams.
     *
     * @throws java.net.ConnectException when nothing answers, its message the kubelet's error text
     *                                   ({@code error forwarding port N to pod …}) the client is sent
     */
    void forward(int port, InputStream fromClient, OutputStream toClient) throws IOException;
}
