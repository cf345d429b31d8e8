package dev.ordinal.dns;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;

import dev.ordinal.controller.runtime.Informer;
import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.core.PodConditions;
import dev.ordinal.storage.ObjectStore;

/**
 * Feeds the {@link RecordIndex} from informers on namespaces, Services, EndpointSlices and pods,
 * and measures DNS programming latency: the time from the moment a pod is seen turning Ready to
 * the moment an EndpointSlice makes it resolvable, as {@value #LATENCY} (CoreDNS's
 * {@code dns_programming_duration_seconds}, measured in-process rather than from the
 * second-precision trigger-time annotation).
 */
@Component
class RecordIndexUpdater {

    static final String LATENCY = "ordinal.dns.programming.latency";

    private final RecordIndex index;
    private final MeterRegistry meters;
    private final Informer namespaces;
    private final Informer services;
    private final Informer slices;
    private final Informer pods;
    /** When each pod not yet resolvable was seen turning Ready, in {@link System#nanoTime()}. */
    private final Map<String, Long> readySince = new ConcurrentHashMap<>();

    RecordIndexUpdater(RecordIndex index, ObjectStore store, MeterRegistry meters) {
        this.index = index;
        this.meters = meters;
        this.namespaces = new Informer(new GroupResource("", "namespaces"), store);
        this.services = new Informer(new GroupResource("", "services"), store);
        this.slices = new Informer(new GroupResource("discovery.k8s.io", "endpointslices"), store);
        this.pods = new Informer(new GroupResource("", "pods"), store);
    }

    @PostConstruct
    void start() {
        namespaces.addHandler((namespace, previous) -> {
            if (gone(namespaces, namespace)) {
                index.removeNamespace(namespace.name());
            } else {
                index.putNamespace(namespace.name());
            }
        });
        services.addHandler((service, previous) -> {
            if (gone(services, service)) {
                index.removeService(service);
            } else {
                index.putService(service);
            }
        });
        pods.addHandler(this::onPod);
        slices.addHandler((slice, previous) -> {
            if (gone(slices, slice)) {
                index.removeSlice(slice);
            } else {
                recordLatency(slice, index.putSlice(slice));
            }
        });
        for (Informer informer : List.of(namespaces, services, pods, slices)) {
            informer.start();
        }
    }

    @PreDestroy
    void stop() {
        for (Informer informer : List.of(slices, pods, services, namespaces)) {
            informer.stop();
        }
    }

    private void onPod(Unstructured pod, Unstructured previous) {
        if (gone(pods, pod)) {
            index.removePod(pod);
            readySince.remove(pod.uid());
            return;
        }
        index.putPod(pod);
        boolean ready = PodConditions.isReady(pod) && !pod.isBeingDeleted();
        if (!ready) {
            readySince.remove(pod.uid());
        } else if (previous == null || !PodConditions.isReady(previous)) {
            readySince.put(pod.uid(), System.nanoTime());
        }
    }

    private void recordLatency(Unstructured slice, Set<String> newlyServed) {
        String serviceName = slice.labels().getOrDefault("kubernetes.io/service-name", "");
        String kind = index.service(slice.namespace(), serviceName)
                .map(service -> service.headless() ? "headless_with_selector" : "cluster_ip").orElse(null);
        for (String uid : newlyServed) {
            Long since = readySince.remove(uid);
            if (since != null && kind != null) {
                Timer.builder(LATENCY)
                        .description("Time from a pod turning Ready to its DNS records being served")
                        .tag("service_kind", kind)
                        .register(meters)
                        .record(Duration.ofNanos(System.nanoTime() - since));
            }
        }
    }

    private static boolean gone(Informer informer, Unstructured object) {
        return informer.get(object.namespace(), object.name()).isEmpty();
    }
}
