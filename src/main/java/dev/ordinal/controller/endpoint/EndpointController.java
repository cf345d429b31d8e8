package dev.ordinal.controller.endpoint;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.runtime.ControllerLoop;
import dev.ordinal.controller.runtime.DeletedFinalStateUnknown;
import dev.ordinal.controller.runtime.ResourceEventHandler;
import dev.ordinal.controller.runtime.ResourceEventHandlerRegistration;
import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.controller.runtime.SharedInformerFactory;
import dev.ordinal.controller.runtime.WorkQueue;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.DeleteOptions;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ListOptions;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * Keeps the Endpoints and EndpointSlices of every Service with a selector, as upstream's endpoints
 * controller ({@code pkg/controller/endpoint}) and EndpointSlice controller
 * ({@code pkg/controller/endpointslice}) do side by side: a change to a Service, to a pod it
 * selects, or to one of its managed objects queues the Service, and a sync writes whatever
 * {@link EndpointSubsets} and {@link EndpointSliceReconciler} decide through the registry.
 * Slices of a deleted Service go with it through their owner reference (the garbage collector).
 */
@Component
class EndpointController {

    static final String TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";
    static final String OVER_CAPACITY = "endpoints.kubernetes.io/over-capacity";

    private final GenericRegistry registry;
    private final ResourceDefinition endpointsDefinition;
    private final ResourceDefinition slicesDefinition;
    private final SharedIndexInformer services;
    private final SharedIndexInformer pods;
    private final SharedIndexInformer nodes;
    private final SharedIndexInformer endpoints;
    private final SharedIndexInformer slices;
    private final WorkQueue queue = new WorkQueue("endpoint");
    private final ControllerLoop loop;
    private ResourceEventHandlerRegistration serviceHandler;
    private final TriggerTimeTracker triggerTimes = new TriggerTimeTracker();
    private final EndpointSliceReconciler sliceReconciler;

    EndpointController(GenericRegistry registry, ResourceRegistry resources, SharedInformerFactory informers,
                       @Value("${ordinal.controllers.endpoint.workers:2}") int workers,
                       @Value("${ordinal.controllers.endpointslice.max-endpoints-per-slice:100}") int maxPerSlice) {
        this.registry = registry;
        this.endpointsDefinition = resources.byResource("", "v1", "endpoints").orElseThrow();
        this.slicesDefinition = resources.byResource("discovery.k8s.io", "v1", "endpointslices").orElseThrow();
        this.services = informers.informerFor(resources.byResource("", "v1", "services").orElseThrow());
        this.pods = informers.informerFor(resources.byResource("", "v1", "pods").orElseThrow());
        this.nodes = informers.informerFor(resources.byResource("", "v1", "nodes").orElseThrow());
        this.endpoints = informers.informerFor(endpointsDefinition);
        this.slices = informers.informerFor(slicesDefinition);
        this.sliceReconciler = new EndpointSliceReconciler(maxPerSlice);
        this.loop = new ControllerLoop("endpoint", queue, this::sync, workers);
    }

    @PostConstruct
    void start() {
        serviceHandler = services.addEventHandler(ResourceEventHandler.forEveryChange(
                service -> queue.add(SharedIndexInformer.key(service.namespace(), service.name()))));
        ResourceEventHandlerRegistration podHandler = pods.addEventHandler(
                ResourceEventHandler.forChanges(this::onPodChange, pod -> onPodChange(pod, null)));
        // Upstream's endpoints controller recreates an Endpoints someone deleted (it looks at deletions
        // only, so Endpoints written by hand for Services without a selector stay), and the
        // EndpointSlice controller puts back managed slices someone else changed or deleted.
        ResourceEventHandlerRegistration endpointsHandler = endpoints.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onDelete(Object deleted) {
                Unstructured object = DeletedFinalStateUnknown.lastKnown(deleted);
                queue.add(SharedIndexInformer.key(object.namespace(), object.name()));
            }
        });
        ResourceEventHandlerRegistration sliceHandler = slices.addEventHandler(
                ResourceEventHandler.forEveryChange(slice -> {
                    Map<String, String> labels = slice.labels();
                    if (EndpointSliceReconciler.CONTROLLER_NAME.equals(
                            labels.get(EndpointSliceReconciler.LABEL_MANAGED_BY))
                            && labels.containsKey(EndpointSliceReconciler.LABEL_SERVICE_NAME)) {
                        queue.add(SharedIndexInformer.key(slice.namespace(),
                                labels.get(EndpointSliceReconciler.LABEL_SERVICE_NAME)));
                    }
                }));
        loop.start(serviceHandler, podHandler, nodes, endpointsHandler, sliceHandler);
    }

    @PreDestroy
    void stop() {
        loop.stop();
    }

    @Scheduled(fixedDelayString = "${ordinal.controllers.resync:30s}")
    void resync() {
        serviceHandler.resync();
    }

    /** A pod change concerns the Services that select it now or selected it before. */
    private void onPodChange(Unstructured pod, Unstructured previous) {
        for (Unstructured service : services.list(pod.namespace())) {
            Map<String, String> selector = PodEndpoints.selector(service);
            if (PodEndpoints.selects(selector, pod.labels())
                    || previous != null && PodEndpoints.selects(selector, previous.labels())) {
                queue.add(SharedIndexInformer.key(service.namespace(), service.name()));
            }
        }
    }

    long sync(String key) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        String name = key.substring(slash + 1);
        Unstructured service = services.get(namespace, name).orElse(null);
        if (service == null) {
            triggerTimes.forget(namespace, name);
            deleteQuietly(endpointsDefinition, namespace, name);
            return 0;
        }
        // ExternalName Services and Services without a selector get no endpoints from the controllers;
        // the latter get the Endpoints users write themselves.
        Map<String, String> selector = PodEndpoints.selector(service);
        if (service.json().path("spec").path("type").asString("").equals("ExternalName") || selector == null) {
            return 0;
        }
        List<Unstructured> selected = pods.list(namespace).stream()
                .filter(pod -> PodEndpoints.selects(selector, pod.labels()))
                .sorted(Comparator.comparing(Unstructured::name))
                .toList();
        Optional<Instant> triggerTime = triggerTimes.compute(service, selected);
        syncEndpoints(service, selected, triggerTime);
        List<String> podsWithoutNode = syncEndpointSlices(service, selected, triggerTime);
        if (!podsWithoutNode.isEmpty()) {
            // As upstream: the slices are written without them, and the Service is retried with backoff.
            throw new IllegalStateException("skipping pods " + podsWithoutNode + " for Service " + key
                    + ": their Node is not found");
        }
        return 0;
    }

    /** Upstream's endpoints controller {@code syncService}, from the subsets on. */
    private void syncEndpoints(Unstructured service, List<Unstructured> selected, Optional<Instant> triggerTime) {
        EndpointSubsets.Result subsets = EndpointSubsets.of(service, selected);
        Unstructured current = registry.find(endpointsDefinition, service.namespace(), service.name()).orElse(null);
        ObjectNode serviceLabels = labels(service.json());
        if (current != null) {
            ObjectNode currentLabels = labels(current.json());
            currentLabels.remove("service.kubernetes.io/headless");
            boolean underCapacity = !subsets.truncated() && !current.annotations().containsKey(OVER_CAPACITY);
            if (current.json().path("subsets").equals(subsetsOrMissing(subsets))
                    && currentLabels.equals(serviceLabels) && underCapacity) {
                return;
            }
        }
        Unstructured desired = current == null ? Unstructured.empty() : current.deepCopy();
        if (current == null) {
            desired.setMeta("name", service.name());
        }
        ObjectNode labels = serviceLabels.deepCopy();
        if (PodEndpoints.hasClusterIp(service)) {
            labels.remove("service.kubernetes.io/headless");
        } else {
            labels.put("service.kubernetes.io/headless", "");
        }
        setOrRemove(desired.metadata(), "labels", labels);
        ObjectNode annotations = annotations(desired);
        triggerTime.ifPresentOrElse(time -> annotations.put(TRIGGER_TIME, format(time)),
                () -> annotations.remove(TRIGGER_TIME));
        if (subsets.truncated()) {
            annotations.put(OVER_CAPACITY, "truncated");
        } else {
            annotations.remove(OVER_CAPACITY);
        }
        setOrRemove(desired.metadata(), "annotations", annotations);
        if (subsets.subsets().isEmpty()) {
            desired.json().remove("subsets");
        } else {
            desired.json().set("subsets", subsets.subsets());
        }
        if (current == null) {
            try {
                registry.create(endpointsDefinition, service.namespace(), desired, WriteOptions.defaults());
            } catch (StatusError e) {
                // A namespace being deleted refuses new objects; its Services go with it.
                if (e.code() != 403) {
                    throw e;
                }
            }
        } else {
            registry.update(endpointsDefinition, service.namespace(), service.name(), desired, null,
                    WriteOptions.defaults());
        }
    }

    /** The EndpointSlice controller's sync; answers the pods left out for a missing node. */
    private List<String> syncEndpointSlices(Unstructured service, List<Unstructured> selected,
                                       Optional<Instant> triggerTime) {
        ListOptions managed = new ListOptions(EndpointSliceReconciler.LABEL_SERVICE_NAME + "=" + service.name() + ","
                + EndpointSliceReconciler.LABEL_MANAGED_BY + "=" + EndpointSliceReconciler.CONTROLLER_NAME,
                "", 0, "", "");
        List<Unstructured> existing = registry.list(slicesDefinition, service.namespace(), managed).items();
        EndpointSliceReconciler.Plan plan = sliceReconciler.reconcile(service, selected,
                nodeName -> nodes.get("", nodeName), existing);
        // No new slices for a Service being deleted: the garbage collector is removing them.
        if (!service.isBeingDeleted()) {
            for (Unstructured slice : plan.toCreate()) {
                annotateTriggerTime(slice, triggerTime);
                try {
                    registry.create(slicesDefinition, service.namespace(), slice, WriteOptions.defaults());
                } catch (StatusError e) {
                    if (e.code() != 403) {
                        throw e;
                    }
                }
            }
        }
        for (Unstructured slice : plan.toUpdate()) {
            annotateTriggerTime(slice, triggerTime);
            registry.update(slicesDefinition, service.namespace(), slice.name(), slice, null, WriteOptions.defaults());
        }
        for (Unstructured slice : plan.toDelete()) {
            deleteQuietly(slicesDefinition, service.namespace(), slice.name());
        }
        return plan.podsWithoutNode();
    }

    private static void annotateTriggerTime(Unstructured slice, Optional<Instant> triggerTime) {
        ObjectNode annotations = annotations(slice);
        triggerTime.ifPresentOrElse(time -> annotations.put(TRIGGER_TIME, format(time)),
                () -> annotations.remove(TRIGGER_TIME));
        setOrRemove(slice.metadata(), "annotations", annotations);
    }

    private static ObjectNode annotations(Unstructured object) {
        JsonNode annotations = object.metadata().path("annotations");
        return annotations.isObject() ? (ObjectNode) annotations.deepCopy() : JsonNodeFactory.instance.objectNode();
    }

    /** Go's omitempty: an empty map is left out. */
    private static void setOrRemove(ObjectNode metadata, String field, ObjectNode value) {
        if (value.isEmpty()) {
            metadata.remove(field);
        } else {
            metadata.set(field, value);
        }
    }

    private void deleteQuietly(ResourceDefinition definition, String namespace, String name) {
        try {
            registry.delete(definition, namespace, name, DeleteOptions.defaults());
        } catch (StatusError e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    private static JsonNode subsetsOrMissing(EndpointSubsets.Result subsets) {
        return subsets.subsets().isEmpty() ? MissingNode.getInstance() : subsets.subsets();
    }

    private static ObjectNode labels(JsonNode object) {
        JsonNode labels = object.path("metadata").path("labels");
        return labels.isObject() ? (ObjectNode) labels.deepCopy() : JsonNodeFactory.instance.objectNode();
    }

    /** RFC 3339 with nanoseconds, as Go's {@code time.RFC3339Nano}. */
    private static String format(Instant time) {
        return DateTimeFormatter.ISO_INSTANT.format(time);
    }
}
