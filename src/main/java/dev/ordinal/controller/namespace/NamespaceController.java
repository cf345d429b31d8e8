package dev.ordinal.controller.namespace;

import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ArrayNode;

import dev.ordinal.controller.runtime.ControllerLoop;
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
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * Empties a Terminating namespace and then lets it go, as upstream's namespace controller
 * ({@code pkg/controller/namespace/deletion}) does: delete every namespaced object in it, wait
 * until none is left (pods may take their grace period), then remove the {@code kubernetes}
 * finalizer through the finalize subresource, which deletes the namespace.
 */
@Component
class NamespaceController {

    private static final long RECHECK_MILLIS = 200;

    private final GenericRegistry registry;
    private final ResourceRegistry resources;
    private final ResourceDefinition namespaces;
    private final SharedIndexInformer informer;
    private final WorkQueue queue = new WorkQueue("namespace");
    private final ControllerLoop loop;
    private ResourceEventHandlerRegistration registration;

    NamespaceController(GenericRegistry registry, ResourceRegistry resources, SharedInformerFactory informers) {
        this.registry = registry;
        this.resources = resources;
        this.namespaces = resources.byResource("", "v1", "namespaces").orElseThrow();
        this.informer = informers.informerFor(namespaces);
        this.loop = new ControllerLoop("namespace", queue, this::reconcile, 1);
    }

    @PostConstruct
    void start() {
        // A deleted namespace has nothing left to empty: adds and updates only.
        registration = informer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(Unstructured namespace, boolean isInInitialList) {
                enqueueIfTerminating(namespace);
            }

            @Override
            public void onUpdate(Unstructured old, Unstructured current) {
                enqueueIfTerminating(current);
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

    private void enqueueIfTerminating(Unstructured namespace) {
        if (namespace.isBeingDeleted()) {
            queue.add(namespace.name());
        }
    }

    long reconcile(String name) {
        Unstructured namespace = informer.get("", name).orElse(null);
        if (namespace == null || !namespace.isBeingDeleted()) {
            return 0;
        }
        int remaining = 0;
        for (ResourceDefinition definition : resources.all()) {
            if (!definition.namespaced()) {
                continue;
            }
            List<Unstructured> items = registry.list(definition, name, ListOptions.everything()).items();
            remaining += items.size();
            for (Unstructured item : items) {
                if (!item.isBeingDeleted()) {
                    deleteQuietly(definition, item);
                }
            }
        }
        if (remaining > 0) {
            return RECHECK_MILLIS;
        }
        try {
            registry.update(namespaces, "", name, withoutKubernetesFinalizer(namespace), Subresource.FINALIZE,
                    WriteOptions.defaults());
        } catch (StatusError e) {
            if (e.code() != 404) {
                throw e;
            }
        }
        return 0;
    }

    private void deleteQuietly(ResourceDefinition definition, Unstructured item) {
        try {
            registry.delete(definition, item.namespace(), item.name(), DeleteOptions.defaults());
        } catch (StatusError e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    private static Unstructured withoutKubernetesFinalizer(Unstructured namespace) {
        Unstructured finalized = namespace.deepCopy();
        ArrayNode kept = finalized.json().withObject("spec").putArray("finalizers");
        namespace.json().path("spec").path("finalizers").forEach(f -> {
            if (!f.asString("").equals("kubernetes")) {
                kept.add(f);
            }
        });
        finalized.metadata().remove("resourceVersion");
        return finalized;
    }
}
