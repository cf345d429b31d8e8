package dev.ordinal.controller.serviceaccount;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
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
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * Upstream's serviceaccounts controller ({@code pkg/controller/serviceaccount/serviceaccounts_controller.go}):
 * every namespace that is not terminating has a ServiceAccount {@code default}, created bare (a
 * name only, no token Secret) when a namespace appears and again when someone deletes it.
 */
@Component
class ServiceAccountsController {

    static final String DEFAULT = "default";

    private final GenericRegistry registry;
    private final ResourceDefinition serviceAccounts;
    private final SharedIndexInformer namespaces;
    private final SharedIndexInformer accounts;
    private final WorkQueue queue = new WorkQueue("serviceaccount");
    private final ControllerLoop loop;
    private ResourceEventHandlerRegistration namespaceHandler;

    ServiceAccountsController(GenericRegistry registry, ResourceRegistry resources, SharedInformerFactory informers) {
        this.registry = registry;
        this.serviceAccounts = resources.byResource("", "v1", "serviceaccounts").orElseThrow();
        this.namespaces = informers.informerFor(resources.byResource("", "v1", "namespaces").orElseThrow());
        this.accounts = informers.informerFor(serviceAccounts);
        this.loop = new ControllerLoop("serviceaccount", queue, this::reconcile, 1);
    }

    @PostConstruct
    void start() {
        namespaceHandler = namespaces.addEventHandler(ResourceEventHandler.forEveryChange(namespace -> {
            if (!namespace.isBeingDeleted()) {
                queue.add(namespace.name());
            }
        }));
        ResourceEventHandlerRegistration accountHandler = accounts.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onDelete(Object deleted) {
                Unstructured account = DeletedFinalStateUnknown.lastKnown(deleted);
                if (account.name().equals(DEFAULT)) {
                    queue.add(account.namespace());
                }
            }
        });
        loop.start(namespaceHandler, accountHandler);
    }

    @PreDestroy
    void stop() {
        loop.stop();
    }

    @Scheduled(fixedDelayString = "${ordinal.controllers.resync:30s}")
    void resync() {
        namespaceHandler.resync();
    }

    long reconcile(String namespace) {
        Unstructured current = namespaces.get("", namespace).orElse(null);
        if (current == null || current.isBeingDeleted() || accounts.get(namespace, DEFAULT).isPresent()) {
            return 0;
        }
        ObjectNode account = JsonNodeFactory.instance.objectNode();
        account.putObject("metadata").put("name", DEFAULT);
        try {
            registry.create(serviceAccounts, namespace, new Unstructured(account), WriteOptions.defaults());
        } catch (StatusError e) {
            // AlreadyExists: the cache is behind; Forbidden or NotFound: the namespace is going away.
            if (e.code() != 409 && e.code() != 403 && e.code() != 404) {
                throw e;
            }
        }
        return 0;
    }
}
