package dev.ordinal.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;

/** The fabric8 client of a server; used only when a test asks for one, so fabric8 is there. */
final class Fabric8Clients {

    private Fabric8Clients() {
    }

    static KubernetesClient create(Path kubeconfig) {
        try {
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A view of the client whose default namespace is {@code namespace}; it shares the client's connections. */
    static KubernetesClient inNamespace(Object client, String namespace) {
        return ((KubernetesClient) client).adapt(NamespacedKubernetesClient.class).inNamespace(namespace);
    }

    static void close(Object client) {
        ((KubernetesClient) client).close();
    }
}
