package dev.ordinal.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Config;

/** The client-java {@link ApiClient} of a server; used only when a test asks for one. */
final class OfficialClients {

    private OfficialClients() {
    }

    static ApiClient create(Path kubeconfig) {
        try {
            return Config.fromConfig(kubeconfig.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
