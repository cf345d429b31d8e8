package dev.ordinal.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server shared by the test classes that asked for the same settings, with the clients made for
 * it, kept in the root store of the test run and closed when the run ends.
 */
final class SharedServer implements ExtensionContext.Store.CloseableResource {

    private final OrdinalServer server;
    private Object fabric8;
    private Object apiClient;

    SharedServer(OrdinalServer server) {
        this.server = server;
    }

    OrdinalServer server() {
        return server;
    }

    synchronized Object fabric8() {
        if (fabric8 == null) {
            fabric8 = Fabric8Clients.create(server.kubeconfig());
        }
        return fabric8;
    }

    synchronized Object apiClient() {
        if (apiClient == null) {
            apiClient = OfficialClients.create(server.kubeconfig());
        }
        return apiClient;
    }

    @Override
    public synchronized void close() {
        if (fabric8 != null) {
            Fabric8Clients.close(fabric8);
        }
        server.close();
    }
}
