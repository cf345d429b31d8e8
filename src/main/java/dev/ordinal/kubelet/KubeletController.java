package dev.ordinal.kubelet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import dev.ordinal.controller.runtime.ControllerLoop;
import dev.ordinal.controller.runtime.EventRecorder;
import dev.ordinal.controller.runtime.DeletedFinalStateUnknown;
import dev.ordinal.controller.runtime.ResourceEventHandler;
import dev.ordinal.controller.runtime.ResourceEventHandlerRegistration;
import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.controller.runtime.SharedInformerFactory;
import dev.ordinal.controller.runtime.WorkQueue;
import dev.ordinal.machinery.SimulatedClock;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.node.NodeFault;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * The kubelets of all nodes in one loop: every pod bound to an existing node is moved along its
 * {@link PodLifecycle} — its status written through the status subresource, its next step queued
 * for when it is due — and a deleted pod, once its containers stopped, is removed as the real
 * kubelet's final grace-0 delete removes it. Pod IPs come from the node's podCIDR and are freed
 * when the pod is gone. The kubelet's events about the containers ({@link ContainerEvents}) are
 * recorded as their status moves on.
 */
@Component
class KubeletController {

    private static final WriteOptions AS_KUBELET = new WriteOptions(false, "kubelet", "");
    private static final String COMPONENT = "kubelet";
    /** Marks the moment a pod's containers were told to stop, so that is told once. */
    private static final String KILLING = "killing";

    private final GenericRegistry registry;
    private final ResourceDefinition pods;
    private final SharedIndexInformer podInformer;
    private final SharedIndexInformer nodeInformer;
    private final WorkQueue queue = new WorkQueue("kubelet");
    private final ControllerLoop loop;
    private final PodLifecycle lifecycle;
    private final Ipv4Cidr podNetwork;
    private final PodIpAllocator ips = new PodIpAllocator();
    /** The precise moments of each pod's steps, by pod uid (see {@link PodLifecycle.Moments}). */
    private final Map<String, Map<String, Instant>> moments = new ConcurrentHashMap<>();
    private final SimulatedClock clock;
    private final KubeletProperties properties;
    private final EventRecorder events;
    private final KubeletSources sources;
    private final PodLifecycle.Preconditions preconditions;
    private ResourceEventHandlerRegistration podHandler;

    KubeletController(GenericRegistry registry, ResourceRegistry resources, SharedInformerFactory informers,
                      KubeletProperties properties, EventRecorder events, SimulatedClock clock,
                      KubeletSources sources, ContainerRuntime runtime) {
        this.registry = registry;
        this.properties = properties;
        this.events = events;
        this.pods = resources.byResource("", "v1", "pods").orElseThrow();
        this.podInformer = informers.informerFor(pods);
        this.nodeInformer = informers.informerFor(resources.byResource("", "v1", "nodes").orElseThrow());
        this.loop = new ControllerLoop("kubelet", queue, this::reconcile, 2);
        this.lifecycle = new PodLifecycle(properties, runtime::exitCode);
        runtime.onMainProcessExit((namespace, name) -> queue.add(SharedIndexInformer.key(namespace, name)));
        this.podNetwork = Ipv4Cidr.parse(properties.podCidr());
        this.clock = clock;
        this.sources = sources;
        this.preconditions = new PodLifecycle.Preconditions() {
            @Override
            public Optional<String> mountFailure(Unstructured pod) {
                return PodVolumes.setUpFailure(pod, sources);
            }

            @Override
            public Optional<String> configError(Unstructured pod, JsonNode container) {
                return ContainerEnvironment.configError(pod, container, sources);
            }
        };
    }

    @PostConstruct
    void start() {
        podHandler = podInformer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(Unstructured pod, boolean isInInitialList) {
                onPod(pod);
            }

            @Override
            public void onUpdate(Unstructured old, Unstructured current) {
                if (!old.uid().equals(current.uid())) {
                    // A relist found another pod under the name: the one the cache held is gone.
                    forget(old);
                }
                onPod(current);
            }

            @Override
            public void onDelete(Object pod) {
                forget(DeletedFinalStateUnknown.lastKnown(pod));
            }
        });
        ResourceEventHandlerRegistration nodeHandler = nodeInformer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(Unstructured node, boolean isInInitialList) {
                requeuePodsOn(node);
            }

            @Override
            public void onUpdate(Unstructured old, Unstructured current) {
                // A kubelet that is reachable again catches up with its pods: deletions, readiness.
                if (NodeFault.of(old.annotations()) != NodeFault.of(current.annotations())) {
                    requeuePodsOn(current);
                }
            }
        });
        // A pod waiting for a ConfigMap, Secret or ServiceAccount of its namespace is looked at again
        // as soon as one appears or changes, as the kubelet's volume manager and pod workers retry.
        ResourceEventHandler waiting = new ResourceEventHandler() {
            @Override
            public void onAdd(Unstructured source, boolean isInInitialList) {
                if (!isInInitialList) {
                    requeueWaitingPods(source.namespace());
                }
            }

            @Override
            public void onUpdate(Unstructured old, Unstructured current) {
                requeueWaitingPods(current.namespace());
            }
        };
        ResourceEventHandlerRegistration configMapHandler = sources.configMaps().addEventHandler(waiting);
        ResourceEventHandlerRegistration secretHandler = sources.secrets().addEventHandler(waiting);
        ResourceEventHandlerRegistration accountHandler = sources.serviceAccounts().addEventHandler(waiting);
        // Every pod's IP must be known before one is handed out.
        loop.start(podHandler, nodeHandler, configMapHandler, secretHandler, accountHandler);
        // A pod's next step is due at a moment of the simulated clock: when the clock moves other
        // than at its pace, every pod is looked at again.
        clock.onChange(this::resync);
    }

    @PreDestroy
    void stop() {
        loop.stop();
    }

    @Scheduled(fixedDelayString = "${ordinal.controllers.resync:30s}")
    void resync() {
        podHandler.resync();
    }

    private void onPod(Unstructured pod) {
        String podIp = pod.json().path("status").path("podIP").asString("");
        if (!podIp.isEmpty()) {
            ips.reserve(pod.uid(), podIp);
        }
        if (!nodeName(pod).isEmpty()) {
            queue.add(key(pod));
        }
    }

    private void requeuePodsOn(Unstructured node) {
        podInformer.list().stream().filter(pod -> nodeName(pod).equals(node.name()))
                .forEach(pod -> queue.add(key(pod)));
    }

    /** Pods of the namespace on a node that have not started, or have a container waiting for its configuration. */
    private void requeueWaitingPods(String namespace) {
        for (Unstructured pod : podInformer.list()) {
            if (pod.namespace().equals(namespace) && !nodeName(pod).isEmpty() && waiting(pod.json().path("status"))) {
                queue.add(key(pod));
            }
        }
    }

    private static boolean waiting(JsonNode status) {
        if (!status.hasNonNull("podIP")) {
            return true;
        }
        for (JsonNode container : status.path("containerStatuses")) {
            if (container.path("state").path("waiting").path("reason").asString("").equals(PodLifecycle.CONFIG_ERROR)) {
                return true;
            }
        }
        return false;
    }

    private void forget(Unstructured pod) {
        ips.release(pod.uid());
        moments.remove(pod.uid());
    }

    long reconcile(String key) {
        int slash = key.indexOf('/');
        Unstructured pod = podInformer.get(key.substring(0, slash), key.substring(slash + 1)).orElse(null);
        if (pod == null || nodeName(pod).isEmpty()) {
            return 0;
        }
        Unstructured node = nodeInformer.get("", nodeName(pod)).orElse(null);
        String hostIp = node == null ? "" : internalIp(node);
        if (hostIp.isEmpty()) {
            // No kubelet runs a pod bound to a node that is not there (yet).
            return 0;
        }
        if (NodeFault.of(node.annotations()) == NodeFault.UNREACHABLE) {
            // Cut off from the API server, the kubelet neither reports its pods nor confirms their
            // deletion: they stay as last written (Terminating, once deleted) until it is back.
            return 0;
        }
        Instant now = clock.instant();
        Map<String, Instant> remembered = moments.computeIfAbsent(pod.uid(), uid -> new ConcurrentHashMap<>());
        if (pod.isBeingDeleted() && remembered.putIfAbsent(KILLING, now) == null) {
            record(pod, ContainerEvents.stopping(pod));
        }
        PodLifecycle.Step step = lifecycle.next(pod, hostIp, () -> ips.allocate(pod.uid(), podRange(node)), now,
                (mark, recorded) -> remembered.getOrDefault(mark, recorded), preconditions);
        if (step.failedMount() != null) {
            events.record(COMPONENT, nodeName(pod), pod, "", "Warning", "FailedMount", step.failedMount());
        }
        if (step.finishDeletion()) {
            finishDeletion(pod);
            return 0;
        }
        if (step.status() != null) {
            Unstructured updated = pod.deepCopy();
            updated.json().set("status", step.status());
            registry.update(pods, pod.namespace(), pod.name(), updated, Subresource.STATUS, AS_KUBELET);
            Duration pullTime = PodOverrides.of(pod.annotations(), properties).startDelay();
            record(pod, ContainerEvents.between(pod, pod.json().path("status"), step.status(), pullTime));
        }
        step.marks().forEach(mark -> remembered.putIfAbsent(mark, now));
        if (step.due() == null) {
            return 0;
        }
        // A step due now follows the event of the status just written.
        Duration wait = Duration.between(now, step.due());
        return wait.isNegative() || wait.isZero() ? 0 : clock.wallMillisUntil(wait);
    }

    private void record(Unstructured pod, List<ContainerEvents.Event> happened) {
        for (ContainerEvents.Event event : happened) {
            events.record(COMPONENT, nodeName(pod), pod, event.fieldPath(), event.type(), event.reason(),
                    event.message());
        }
    }

    private void finishDeletion(Unstructured pod) {
        try {
            registry.finishDeletion(pods, pod.namespace(), pod.name(), pod.uid());
        } catch (StatusError e) {
            // Gone already, or replaced by a new pod of the same name: nothing left to finish.
            if (e.code() != 404 && e.code() != 409) {
                throw e;
            }
        }
    }

    /** The node's pod range; a node without a podCIDR (one a user created) draws from the whole network. */
    private Ipv4Cidr podRange(Unstructured node) {
        String cidr = node.json().path("spec").path("podCIDR").asString("");
        return cidr.isEmpty() ? podNetwork : Ipv4Cidr.parse(cidr);
    }

    private static String internalIp(Unstructured node) {
        for (JsonNode address : node.json().path("status").path("addresses")) {
            if (address.path("type").asString("").equals("InternalIP")) {
                return address.path("address").asString("");
            }
        }
        return "";
    }

    private static String nodeName(Unstructured pod) {
        return pod.json().path("spec").path("nodeName").asString("");
    }

    private static String key(Unstructured pod) {
        return SharedIndexInformer.key(pod.namespace(), pod.name());
    }
}
