package dev.ordinal.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * An Ordinal server for a test suite, and control over its simulated cluster: {@link #reset()},
 * the {@link #clock()}, named {@link #snapshots()} and the {@link #nodes()}' faults, each part of the simulation behind an
 * accessor of its own, as the {@code /ordinal/v1} API groups them.
 *
 * <pre>{@code
 * try (OrdinalServer ordinal = OrdinalServer.builder().nodes(3).start()) {
 *     KubernetesClient client = new KubernetesClientBuilder()
 *             .withConfig(Config.fromKubeconfig(Files.readString(ordinal.kubeconfig()))).build();
 *     ...
 * }
 * }</pre>
 *
 * A started server runs from the Ordinal jar as a child process (where the jar is found: the system
 * property {@code ordinal.jar}, the environment variable {@code ORDINAL_JAR}, or the jar installed
 * beside the kit) and is stopped by {@link #close()}; {@link #connect(URI)} uses a running one and
 * leaves it running.
 */
public final class OrdinalServer implements AutoCloseable {

    private final URI uri;
    private final Path kubeconfig;
    private final ApiConnection api;
    /** Null for a server the kit did not start. */
    private final ServerProcess process;

    private OrdinalServer(URI uri, Path kubeconfig, ServerProcess process) {
        this.uri = uri;
        this.kubeconfig = kubeconfig;
        this.api = new ApiConnection(uri);
        this.process = process;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A running server, known by its URL (plain HTTP, as Ordinal serves by default); its kubeconfig
     * is written to a temporary file.
     */
    public static OrdinalServer connect(URI uri) {
        try {
            Path kubeconfig = Files.createTempFile("ordinal-", ".kubeconfig",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            kubeconfig.toFile().deleteOnExit();
            Files.writeString(kubeconfig, KubeconfigServer.forUrl(uri));
            OrdinalServer server = new OrdinalServer(uri, kubeconfig, null);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OrdinalServer start(Path jar, ClusterSettings settings) {
        ServerProcess process = ServerProcess.start(jar, settings.arguments());
        OrdinalServer server = new OrdinalServer(process.uri(), process.kubeconfig(), process);
        try {
            server.awaitReady();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:41235}. */
    public URI uri() {
        return uri;
    }

    /** A kubeconfig for the server, for any client ({@code kubectl --kubeconfig}). */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /**
     * Puts the cluster back in the state a fresh start leaves it in, without a restart: every object
     * removed, the boot objects made again, every watch ended with 410 Gone. Snapshots and the clock
     * are left as they are.
     */
    public void reset() {
        api.post("/ordinal/v1/reset", "");
    }

    public ClusterClock clock() {
        return new ClusterClock(api);
    }

    public Snapshots snapshots() {
        return new Snapshots(api);
    }

    public ClusterNodes nodes() {
        return new ClusterNodes(api);
    }

    /**
     * Creates a namespace named after {@code hint} with a random suffix, and waits for its
     * {@code default} ServiceAccount, without which no pod can be created in it.
     */
    String createNamespace(String hint) {
        String name = namespaceName(hint);
        api.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":"
                + Json.quote(name) + ",\"labels\":{\"ordinal.dev/test-namespace\":\"true\"}}}");
        await(() -> api.status("/api/v1/namespaces/" + name + "/serviceaccounts/default") == 200,
                "the default ServiceAccount of namespace " + name);
        return name;
    }

    /** Deletes the namespace, if it is still there (a reset or restore may have removed it). */
    void deleteNamespace(String name) {
        api.delete("/api/v1/namespaces/" + name);
    }

    /** Stops a server the kit started; a connected one is left running. */
    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
    }

    private void awaitReady() {
        await(() -> {
            try {
                return api.status("/readyz") == 200;
            } catch (IllegalStateException e) {
                return false;
            }
        }, "Ordinal at " + uri + " to be ready");
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    /** A DNS label: the hint in lower case with words split by dashes, and five random characters. */
    static String namespaceName(String hint) {
        String words = hint.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("([A-Z])([A-Z][a-z])", "$1-$2")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (words.length() > 50) {
            words = words.substring(0, 50).replaceAll("-+$", "");
        }
        StringBuilder suffix = new StringBuilder();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 5; i++) {
            suffix.append("bcdfghjklmnpqrstvwxz2456789".charAt(random.nextInt(27)));
        }
        return (words.isEmpty() ? "test" : words) + "-" + suffix;
    }

    /** Settings of a server to start; what is not set is the server's default. */
    public static final class Builder {

        private int nodes = 3;
        private final List<String> zones = new ArrayList<>();
        private final Map<String, Duration> delays = new HashMap<>();
        private final List<String> properties = new ArrayList<>();
        private Path jar;

        private Builder() {
        }

        /** How many simulated nodes (default 3). */
        public Builder nodes(int count) {
            this.nodes = count;
            return this;
        }

        /** The nodes' zone labels, round robin. */
        public Builder zones(String... zones) {
            this.zones.clear();
            this.zones.addAll(List.of(zones));
            return this;
        }

        /** Scheduled to Running. */
        public Builder startDelay(Duration delay) {
            delays.put("startDelay", delay);
            return this;
        }

        /** Running to Ready. */
        public Builder readyDelay(Duration delay) {
            delays.put("readyDelay", delay);
            return this;
        }

        /** Deletion to gone. */
        public Builder stopDelay(Duration delay) {
            delays.put("stopDelay", delay);
            return this;
        }

        /** Any other server property ({@code ordinal.nodes.cpu}, {@code 4}). */
        public Builder property(String key, String value) {
            properties.add(key + "=" + value);
            return this;
        }

        /** The server jar, instead of the one found (see {@link OrdinalServer}). */
        public Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        /** Starts the server and returns once it serves. */
        public OrdinalServer start() {
            ClusterSettings settings = ClusterSettings.of(nodes, zones, goDuration("startDelay"),
                    goDuration("readyDelay"), goDuration("stopDelay"), properties);
            return OrdinalServer.start(jar != null ? jar : ServerJar.find(), settings);
        }

        private String goDuration(String delay) {
            Duration duration = delays.get(delay);
            return duration == null ? "" : duration.toNanos() + "ns";
        }
    }
}
