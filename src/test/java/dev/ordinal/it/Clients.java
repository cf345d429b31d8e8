package dev.ordinal.it;

import java.util.concurrent.atomic.AtomicInteger;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** Clients of a test server, configured from its URL alone: no kubeconfig, token or ~/.kube is read. */
public final class Clients {

    private static final AtomicInteger sequence = new AtomicInteger();

    private Clients() {
    }

    public static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    public static KubernetesClient fabric8(int port) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url(port)).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** A name no other test in this JVM uses, e.g. for a namespace of its own. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + sequence.incrementAndGet();
    }
}
