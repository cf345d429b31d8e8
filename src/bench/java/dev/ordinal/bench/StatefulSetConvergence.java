package dev.ordinal.bench;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

/**
 * Time from creating StatefulSets to all their pods Ready, with the simulated kubelet's delays at
 * zero: what the controller, scheduler and kubelet cost by themselves. Each figure is measured on
 * a fresh server (H2 file database) from just before the first create to the watch event that
 * reports the last set's {@code readyReplicas} complete, with the CPU time this JVM (server and
 * client) used meanwhile, which other work on the machine disturbs less than the wall time.
 */
final class StatefulSetConvergence {

    private static final long TIMEOUT_SECONDS = 300;
    private static final int PODS_PER_NODE = 100;

    private final Settings settings;
    private final Report report;

    StatefulSetConvergence(Settings settings, Report report) {
        this.settings = settings;
        this.report = report;
    }

    void run() {
        measure("1 set × 100 replicas, Parallel", 1, 100, "Parallel");
        measure("1 set × 100 replicas, OrderedReady", 1, 100, "OrderedReady");
        measure("%,d sets × 3 replicas, OrderedReady".formatted(settings.sets()), settings.sets(), 3, "OrderedReady");
        measure("%,d sets × 3 replicas, OrderedReady, a claim per pod".formatted(settings.sets()), settings.sets(), 3,
                "OrderedReady", true);
    }

    private void measure(String what, int sets, int replicas, String policy) {
        measure(what, sets, replicas, policy, false);
    }

    /** With {@code claims}, each set has a volume claim template, so each pod waits for its bound claim. */
    private void measure(String what, int sets, int replicas, String policy, boolean claims) {
        // Enough simulated Nodes for every pod, about 100 on each: a node takes at most 110 (maxPods).
        int nodes = Math.max(3, (sets * replicas + PODS_PER_NODE - 1) / PODS_PER_NODE);
        try (OrdinalTarget ordinal = OrdinalTarget.file("--ordinal.nodes.count=" + nodes);
             KubernetesClient client = ordinal.client()) {
            // A small set first, so that the measured one does not wait for the JIT.
            converge(ordinal, client, "warm-up", 1, 10, "Parallel", claims);
            Convergence measured = converge(ordinal, client, "sets", sets, replicas, policy, claims);
            if (measured.complete()) {
                report.line("| StatefulSet all Ready, %s | %.2f s | CPU %.2f s | |", what, measured.seconds(),
                        measured.cpuSeconds());
            } else {
                report.line("| StatefulSet all Ready, %s | not within %d s: %,d of %,d sets Ready | | |", what,
                        TIMEOUT_SECONDS, measured.ready(), sets);
            }
        }
    }

    /** How long, and how much CPU time, until {@code ready} of the sets were Ready; complete when all were. */
    private record Convergence(double seconds, double cpuSeconds, int ready, boolean complete) {
    }

    private Convergence converge(Target ordinal, KubernetesClient client, String namespace, int sets, int replicas,
                                 String policy, boolean claims) {
        ApiPhases.createNamespace(client, namespace);
        Set<String> ready = ConcurrentHashMap.newKeySet();
        CountDownLatch allReady = new CountDownLatch(sets);
        Watch watch = client.apps().statefulSets().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, StatefulSet set) {
                Integer readyReplicas = set.getStatus() == null ? null : set.getStatus().getReadyReplicas();
                if (readyReplicas != null && readyReplicas == replicas && ready.add(set.getMetadata().getName())) {
                    allReady.countDown();
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        try {
            long start = System.nanoTime();
            long cpuStart = Figure.processCpuNanos();
            new Load(Math.min(settings.threads(), sets)).run("create sets", ordinal.name(), sets,
                    i -> client.apps().statefulSets().inNamespace(namespace)
                            .resource(statefulSet("set-%04d".formatted(i), replicas, policy, claims)).create());
            boolean complete = allReady.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new Convergence((System.nanoTime() - start) / 1e9, (Figure.processCpuNanos() - cpuStart) / 1e9,
                    ready.size(), complete);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            watch.close();
        }
    }

    private static StatefulSet statefulSet(String name, int replicas, String policy, boolean claims) {
        StatefulSet set = new StatefulSetBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                    .withReplicas(replicas)
                    .withServiceName(name)
                    .withPodManagementPolicy(policy)
                    .withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().addToLabels("app", name).endMetadata()
                        .withNewSpec()
                            .addNewContainer().withName("app").withImage("registry.k8s.io/pause:3.10").endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
        if (claims) {
            set.getSpec().getVolumeClaimTemplates().add(new PersistentVolumeClaimBuilder()
                    .withNewMetadata().withName("data").endMetadata()
                    .withNewSpec()
                        .withAccessModes("ReadWriteOnce")
                        .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources()
                    .endSpec()
                    .build());
        }
        return set;
    }
}
