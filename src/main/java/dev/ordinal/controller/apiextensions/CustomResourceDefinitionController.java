package dev.ordinal.controller.apiextensions;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.runtime.ControllerLoop;
import dev.ordinal.controller.runtime.DeletedFinalStateUnknown;
import dev.ordinal.controller.runtime.ResourceEventHandler;
import dev.ordinal.controller.runtime.ResourceEventHandlerRegistration;
import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.controller.runtime.SharedInformerFactory;
import dev.ordinal.controller.runtime.WorkQueue;
import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.DeleteOptions;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ListOptions;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.apiextensions.CustomResourceDefinitions;
import dev.ordinal.registry.apiextensions.CustomResourceKinds;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * The apiextensions controllers of upstream in one loop, each step its counterpart: the naming
 * controller ({@link NamingDecision}: accepted names, {@code NamesAccepted}), the establishing
 * controller ({@code Established}), the handler that serves the kinds of a CRD whose names are
 * accepted or that is established ({@link CustomResourceKinds} into the {@link ResourceRegistry},
 * so discovery, OpenAPI and informers follow), and the finalizer controller
 * ({@code finalizer/crd_finalizer.go}): a CRD being deleted has all its custom resources deleted
 * before its {@code customresourcecleanup.apiextensions.k8s.io} finalizer goes. At start, the CRDs
 * already stored are served before the server answers anything.
 */
@Component
class CustomResourceDefinitionController {

    /** How soon to look again at a terminating CRD whose instances are still going (upstream polls every 5 s). */
    private static final long INSTANCES_RECHECK_MILLIS = 200;

    private final GenericRegistry registry;
    private final ResourceRegistry resources;
    private final CustomResourceKinds kinds;
    private final ResourceDefinition crds;
    private final SharedIndexInformer informer;
    private final WorkQueue queue = new WorkQueue("customresourcedefinitions");
    private final ControllerLoop loop;
    /** The resource each CRD serves, by CRD name, to withdraw it once the CRD is gone. */
    private final Map<String, GroupResource> servedBy = new ConcurrentHashMap<>();
    private ResourceEventHandlerRegistration registration;

    CustomResourceDefinitionController(GenericRegistry registry, ResourceRegistry resources, CustomResourceKinds kinds,
                                       SharedInformerFactory informers) {
        this.registry = registry;
        this.resources = resources;
        this.kinds = kinds;
        this.crds = resources.byResource(CustomResourceDefinitions.GROUP, "v1", "customresourcedefinitions")
                .orElseThrow();
        this.informer = informers.informerFor(crds);
        this.loop = new ControllerLoop("customresourcedefinitions", queue, this::reconcile, 1);
    }

    @PostConstruct
    void start() {
        for (Unstructured crd : registry.list(crds, "", ListOptions.everything()).items()) {
            serve(crd);
        }
        registration = informer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(Unstructured crd, boolean isInInitialList) {
                enqueueGroup(crd);
            }

            @Override
            public void onUpdate(Unstructured old, Unstructured current) {
                enqueueGroup(current);
            }

            @Override
            public void onDelete(Object crd) {
                enqueueGroup(DeletedFinalStateUnknown.lastKnown(crd));
            }
        });
        loop.start(registration);
    }

    @PreDestroy
    void stop() {
        loop.stop();
    }

    @Scheduled(fixedDelayString = "${ordinal.controllers.resync:30s}")
    void resync() {
        registration.resync();
    }

    /** A CRD's names decide those of the others of its group: every one of them is looked at again. */
    private void enqueueGroup(Unstructured crd) {
        queue.add(crd.name());
        String group = group(crd.json());
        for (Unstructured other : informer.list()) {
            if (group(other.json()).equals(group)) {
                queue.add(other.name());
            }
        }
    }

    long reconcile(String name) {
        Unstructured crd = informer.get("", name).orElse(null);
        if (crd == null) {
            GroupResource resource = servedBy.remove(name);
            if (resource != null) {
                resources.withdraw(resource);
            }
            return 0;
        }
        if (crd.isBeingDeleted()) {
            return finalize(crd);
        }
        List<JsonNode> others = informer.list().stream()
                .filter(o -> !o.name().equals(name) && group(o.json()).equals(group(crd.json())))
                .<JsonNode>map(Unstructured::json).toList();
        NamingDecision decision = NamingDecision.of(crd.json(), others);
        Unstructured updated = crd.deepCopy();
        ObjectNode status = updated.json().withObject("status");
        status.set("acceptedNames", decision.acceptedNames());
        setCondition(updated, "NamesAccepted", decision.namesAccepted());
        setCondition(updated, "Established", decision.established());
        if (!updated.json().path("status").equals(crd.json().path("status"))) {
            // The update answers the stored CRD; the informer brings it back here to be served.
            writeStatus(updated);
            return 0;
        }
        serve(crd);
        return 0;
    }

    /** Serves the kinds of a CRD whose names are accepted or that is established, as upstream's handler. */
    private void serve(Unstructured crd) {
        JsonNode json = crd.json();
        if (!CustomResourceDefinitions.established(json)
                && !CustomResourceDefinitions.conditionTrue(json, "NamesAccepted")) {
            return;
        }
        GroupResource resource = CustomResourceKinds.resourceOf(json);
        servedBy.put(crd.name(), resource);
        resources.serve(resource, kinds.definitions(json));
    }

    /**
     * The finalizer controller: instances of an established CRD are deleted (through the registry,
     * so their own finalizers hold them as usual); once none is left, the finalizer goes.
     */
    private long finalize(Unstructured crd) {
        if (!crd.finalizers().contains(CustomResourceDefinitions.CLEANUP_FINALIZER)) {
            return 0;
        }
        Unstructured updated = crd.deepCopy();
        if (!CustomResourceDefinitions.established(crd.json())) {
            setCondition(updated, "Terminating", new NamingDecision.Condition("False", "NeverEstablished",
                    "resource was never established"));
            writeStatus(updated);
            removeFinalizer(crd);
            return 0;
        }
        serve(crd);
        GroupResource resource = CustomResourceKinds.resourceOf(crd.json());
        ResourceDefinition definition = resources.find(resource).orElse(null);
        int remaining = 0;
        if (definition != null) {
            List<Unstructured> instances = registry.list(definition, null, ListOptions.everything()).items();
            remaining = instances.size();
            for (Unstructured instance : instances) {
                if (!instance.isBeingDeleted()) {
                    deleteQuietly(definition, instance);
                }
            }
        }
        if (remaining > 0) {
            setCondition(updated, "Terminating", new NamingDecision.Condition("True", "InstanceDeletionInProgress",
                    "CustomResource deletion is in progress"));
            if (!updated.json().path("status").equals(crd.json().path("status"))) {
                writeStatus(updated);
            }
            return INSTANCES_RECHECK_MILLIS;
        }
        setCondition(updated, "Terminating", new NamingDecision.Condition("False", "InstanceDeletionCompleted",
                "removed all instances"));
        writeStatus(updated);
        removeFinalizer(crd);
        return 0;
    }

    private void deleteQuietly(ResourceDefinition definition, Unstructured instance) {
        try {
            registry.delete(definition, instance.namespace(), instance.name(), DeleteOptions.defaults());
        } catch (StatusError e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    private void setCondition(Unstructured crd, String type, NamingDecision.Condition condition) {
        CustomResourceDefinitions.setCondition(crd.json(), type, condition.status(), condition.reason(),
                condition.message(), registry.now());
    }

    private void writeStatus(Unstructured crd) {
        try {
            registry.update(crds, "", crd.name(), crd, Subresource.STATUS, WriteOptions.defaults());
        } catch (StatusError e) {
            // A stale copy (409) or a CRD gone (404) is looked at again when the informer catches up.
            if (e.code() != 409 && e.code() != 404) {
                throw e;
            }
        }
    }

    private void removeFinalizer(Unstructured crd) {
        registry.patch(crds, "", crd.name(), current -> {
            ArrayNode kept = current.metadata().arrayNode();
            current.finalizers().stream().filter(f -> !f.equals(CustomResourceDefinitions.CLEANUP_FINALIZER))
                    .forEach(kept::add);
            current.metadata().set("finalizers", kept);
            return current;
        }, null, WriteOptions.defaults());
    }

    private static String group(JsonNode crd) {
        return crd.path("spec").path("group").asString("");
    }
}
