package dev.ordinal.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

/**
 * Watch delivery: the delay from a write's acknowledgement (the create answered to the writer) to
 * its ADDED event at each watcher. One writer creates pods at a steady pace while {@code watchers}
 * watches of their namespace are open; each (write, watcher) pair is one sample. An event that
 * arrived before the writer saw the answer counts as a delay of zero.
 */
final class WatchDelivery {

    private static final String SYNC = "sync";

    private final Settings settings;

    WatchDelivery(Settings settings) {
        this.settings = settings;
    }

    Figure run(Target target, int watchers) {
        String namespace = "watch-" + watchers;
        int writes = settings.watchWrites();
        try (KubernetesClient client = target.client()) {
            ApiPhases.createNamespace(client, namespace);
            Map<String, long[]> arrivals = new ConcurrentHashMap<>();
            CountDownLatch synced = new CountDownLatch(watchers);
            CountDownLatch delivered = new CountDownLatch(writes * watchers);
            List<Watch> watches = new ArrayList<>();
            for (int w = 0; w < watchers; w++) {
                int watcher = w;
                watches.add(client.pods().inNamespace(namespace).watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Pod pod) {
                        long at = System.nanoTime();
                        if (action != Action.ADDED) {
                            return;
                        }
                        String name = pod.getMetadata().getName();
                        if (name.equals(SYNC)) {
                            synced.countDown();
                            return;
                        }
                        arrivals.computeIfAbsent(name, n -> new long[watchers])[watcher] = at;
                        delivered.countDown();
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                    }
                }));
            }
            // Every watch is open once each has seen a first event.
            client.pods().inNamespace(namespace).resource(pod(SYNC)).create();
            await(synced, "watches to open");
            long[] acknowledged = new long[writes];
            long cpuStart = Figure.processCpuNanos();
            long start = System.nanoTime();
            for (int i = 0; i < writes; i++) {
                client.pods().inNamespace(namespace).resource(pod(Pods.name(i))).create();
                acknowledged[i] = System.nanoTime();
                sleep(settings.watchIntervalMillis());
            }
            boolean complete = await(delivered, "events");
            long elapsed = System.nanoTime() - start;
            long cpu = Figure.processCpuNanos() - cpuStart;
            watches.forEach(Watch::close);
            List<Long> delays = new ArrayList<>();
            int missing = 0;
            for (int i = 0; i < writes; i++) {
                long[] at = arrivals.get(Pods.name(i));
                for (int w = 0; w < watchers; w++) {
                    if (at == null || at[w] == 0) {
                        missing++;
                    } else {
                        delays.add(Math.max(0, at[w] - acknowledged[i]));
                    }
                }
            }
            if (!complete) {
                System.err.printf("watch on %s: %d of %d events did not arrive%n", target.name(), missing,
                        writes * watchers);
            }
            Figure figure = Figure.of("watch delivery, %d watcher%s".formatted(watchers, watchers == 1 ? "" : "s"),
                    target.name(), delays.stream().mapToLong(Long::longValue).toArray(), elapsed, cpu, missing);
            Report.progress(figure);
            return figure;
        }
    }

    private static Pod pod(String name) {
        Pod pod = Pods.pod(0);
        pod.getMetadata().setName(name);
        return pod;
    }

    private static boolean await(CountDownLatch latch, String what) {
        try {
            boolean done = latch.await(60, TimeUnit.SECONDS);
            if (!done) {
                System.err.println("gave up waiting for " + what);
            }
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
