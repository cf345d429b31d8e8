package dev.ordinal.kubelet.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The cluster network as a container's processes reach it: the cluster DNS for names, and TCP to
 * pod and Service addresses, where whatever listens on the address and port serves the
 * connection. There are no sockets: a connection is the pair of streams the caller writes its
 * request to and reads the answer from.
 */
public interface ClusterNetwork {

    /** A network nobody can reach: every name is unknown, every connection refused. */
    ClusterNetwork NONE = new ClusterNetwork() {
        @Override
        public List<String> addresses(String fqdn) {
            return List.of();
        }

        @Override
        public void connect(String ip, int port, InputStream in, OutputStream out) throws IOException {
            throw new java.net.ConnectException("Connection refused");
        }
    };

    /** The IPv4 addresses the cluster DNS answers for the absolute name {@code fqdn}; empty when none. */
    List<String> addresses(String fqdn);

    /**
     * Connects to {@code ip:port} and lets what listens there serve the connection: it reads
     * {@code in} and writes {@code out} until either side ends. Returns when the connection is
     * over; fails with a {@link java.net.ConnectException} when nothing listens there.
     */
    void connect(String ip, int port, InputStream in, OutputStream out) throws IOException;
}
