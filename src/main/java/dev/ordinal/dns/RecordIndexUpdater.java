package dev.ordinal.dns;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import org.springframework.stereotype.Component;

import dev.ordinal.controller.runtime.DeletedFinalStateUnknown;
import dev.ordinal.controller.runtime.ResourceEventHandler;
import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.controller.runtime.SharedInformerFactory;
import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.pod.PodConditions;

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
    private final SharedIndexInformer namespaces;
    private final SharedIndexInformer services;
    private final SharedIndexInformer slices;
    private final SharedIndexInformer pods;
    /** When each pod not yet resolvable was seen turning Ready, in {@link System#nanoTime()}. */
    private final Map<String, Long> readySince = new ConcurrentHashMap<>();

    RecordIndexUpdater(RecordIndex index, SharedInformerFactory informers, MeterRegistry meters) {
        this.index = index;
        this.meters = meters;
        this.namespaces = informers.informerFor(new GroupResource("", "namespaces"));
        this.services = informers.informerFor(new GroupResource("", "services"));
        this.slices = informers.informerFor(new GroupResource("discovery.k8s.io", "endpointslices"));
        this.pods = informers.informerFor(new GroupResource("", "pods"));
    }

    @PostConstruct
    void start() {
        namespaces.addEventHandler(ResourceEventHandler.forChangesAndDeletions(
                namespace -> index.putNamespace(namespace.name()), namespace -> index.removeNamespace(namespace.name())));
        services.addEventHandler(ResourceEventHandler.forChangesAndDeletions(index::putService, index::removeService));
        pods.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(Unstructured pod, boolean isInInitialList) {
                onPod(pod, null);
            }

            @Override
            public void onUpdate(Unstructured old, Unstructured current) {
                if (old.uid().equals(current.uid())) {
                    onPod(current, old);
                } else {
                    // A relist found another pod under the name: the one the cache held is gone.
                    readySince.remove(old.uid());
                    onPod(current, null);
                }
            }

            @Override
            public void onDelete(Object deleted) {
                Unstructured pod = DeletedFinalStateUnknown.lastKnown(deleted);
                index.removePod(pod);
                readySince.remove(pod.uid());
            }
        });
        slices.addEventHandler(ResourceEventHandler.forChangesAndDeletions(
                slice -> recordLatency(slice, index.putSlice(slice)), index::removeSlice));
    }

    private void onPod(Unstructured pod, Unstructured previous) {
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
}
