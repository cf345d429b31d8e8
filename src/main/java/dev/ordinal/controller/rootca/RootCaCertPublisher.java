package dev.ordinal.controller.rootca;

import java.util.Map;

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
import dev.ordinal.pki.ClusterCertificateAuthority;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * Upstream's root CA certificate publisher ({@code pkg/controller/certificates/rootcacertpublisher}):
 * every namespace that is not terminating has a ConfigMap {@code kube-root-ca.crt} holding exactly
 * the cluster CA as {@code ca.crt}, with upstream's description annotation. A deleted one comes
 * back; one whose data was changed gets its whole data replaced (extra keys go) and the annotation
 * set again, other labels and annotations kept.
 */
@Component
class RootCaCertPublisher {

    static final String NAME = "kube-root-ca.crt";
    static final String KEY = "ca.crt";
    static final String DESCRIPTION_ANNOTATION = "kubernetes.io/description";
    static final String DESCRIPTION = "Contains a CA bundle that can be used to verify the kube-apiserver when "
            + "using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage "
            + "is guaranteed across distributions of Kubernetes clusters.";

    private final GenericRegistry registry;
    private final ResourceDefinition configMaps;
    private final SharedIndexInformer namespaces;
    private final SharedIndexInformer maps;
    private final String certificate;
    private final WorkQueue queue = new WorkQueue("root-ca-cert-publisher");
    private final ControllerLoop loop;
    private ResourceEventHandlerRegistration namespaceHandler;

    RootCaCertPublisher(GenericRegistry registry, ResourceRegistry resources, SharedInformerFactory informers,
                        ClusterCertificateAuthority authority) {
        this.registry = registry;
        this.configMaps = resources.byResource("", "v1", "configmaps").orElseThrow();
        this.namespaces = informers.informerFor(resources.byResource("", "v1", "namespaces").orElseThrow());
        this.maps = informers.informerFor(configMaps);
        this.certificate = authority.certificatePem();
        this.loop = new ControllerLoop("root-ca-cert-publisher", queue, this::reconcile, 1);
    }

    @PostConstruct
    void start() {
        namespaceHandler = namespaces.addEventHandler(ResourceEventHandler.forEveryChange(namespace -> {
            if (!namespace.isBeingDeleted()) {
                queue.add(namespace.name());
            }
        }));
        ResourceEventHandlerRegistration mapHandler = maps.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onUpdate(Unstructured old, Unstructured current) {
                enqueueIfPublished(current);
            }

            @Override
            public void onDelete(Object deleted) {
                enqueueIfPublished(DeletedFinalStateUnknown.lastKnown(deleted));
            }
        });
        loop.start(namespaceHandler, mapHandler);
    }

    @PreDestroy
    void stop() {
        loop.stop();
    }

    @Scheduled(fixedDelayString = "${ordinal.controllers.resync:30s}")
    void resync() {
        namespaceHandler.resync();
    }

    private void enqueueIfPublished(Unstructured map) {
        if (map.name().equals(NAME)) {
            queue.add(map.namespace());
        }
    }

    long reconcile(String namespace) {
        Unstructured current = namespaces.get("", namespace).orElse(null);
        if (current == null || current.isBeingDeleted()) {
            return 0;
        }
        try {
            Unstructured published = maps.get(namespace, NAME).orElse(null);
            if (published == null) {
                ObjectNode map = JsonNodeFactory.instance.objectNode();
                map.putObject("metadata").put("name", NAME).putObject("annotations")
                        .put(DESCRIPTION_ANNOTATION, DESCRIPTION);
                map.putObject("data").put(KEY, certificate);
                registry.create(configMaps, namespace, new Unstructured(map), WriteOptions.defaults());
            } else if (!isCurrent(published)) {
                Unstructured updated = published.deepCopy();
                updated.metadata().withObject("annotations").put(DESCRIPTION_ANNOTATION, DESCRIPTION);
                updated.json().putObject("data").put(KEY, certificate);
                registry.update(configMaps, namespace, NAME, updated, null, WriteOptions.defaults());
            }
        } catch (StatusError e) {
            // 409: the cache is behind and the next event brings the map again; 403/404: the
            // namespace is going away, which upstream does not retry either.
            if (e.code() != 409 && e.code() != 403 && e.code() != 404) {
                throw e;
            }
        }
        return 0;
    }

    private boolean isCurrent(Unstructured map) {
        Map<String, String> annotations = map.annotations();
        ObjectNode expected = JsonNodeFactory.instance.objectNode().put(KEY, certificate);
        return map.json().path("data").equals(expected) && map.json().path("binaryData").isEmpty()
                && !annotations.getOrDefault(DESCRIPTION_ANNOTATION, "").isEmpty();
    }
}
