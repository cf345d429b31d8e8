package dev.ordinal.bench;

import java.util.HashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * fabric8's {@code KubernetesMockServer} in CRUD mode, as {@code @EnableKubernetesMockClient(crud = true)}
 * starts it: objects in memory, no validation, defaulting or controllers.
 */
final class MockTarget implements Target {

    /** The mock logs every request at INFO; silenced, so it is measured at its fastest. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    static final String NAME = "fabric8 mock";

    private final KubernetesMockServer server;

    MockTarget() {
        MOCK_LOG.setLevel(Level.WARNING);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() {
        server.destroy();
    }
}
