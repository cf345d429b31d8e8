package dev.ordinal.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** A server under measurement, and the one kind of client every server is driven with. */
interface Target extends AutoCloseable {

    /** The name figures are reported under. */
    String name();

    String url();

    /** Stops the server and deletes what it stored. */
    @Override
    void close();

    /**
     * A fabric8 client of the server over plain HTTP, configured from the URL alone (no kubeconfig
     * or ~/.kube is read), so every server gets the same client.
     */
    default KubernetesClient client() {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withRequestTimeout(120_000)
                .withMaxConcurrentRequests(256)
                .withMaxConcurrentRequestsPerHost(256)
                .withOnlyHttpWatches(Boolean.getBoolean("bench.http-watches"))
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
