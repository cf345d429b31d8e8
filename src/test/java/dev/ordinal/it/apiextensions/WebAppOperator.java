package dev.ordinal.it.apiextensions;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * A small operator as users write them with fabric8's informers: a {@code WebApp} becomes a
 * headless Service and a StatefulSet it owns, and the set's ready replicas are written back to the
 * WebApp's status.
 */
final class WebAppOperator implements AutoCloseable {

    static final ResourceDefinitionContext WEBAPPS = new ResourceDefinitionContext.Builder()
            .withGroup("example.ordinal.dev").withVersion("v1").withKind("WebApp").withPlural("webapps")
            .withNamespaced(true).build();

    private final KubernetesClient client;
    private final String namespace;
    private final SharedIndexInformer<GenericKubernetesResource> webApps;
    private final SharedIndexInformer<StatefulSet> statefulSets;

    WebAppOperator(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.webApps = client.genericKubernetesResources(WEBAPPS).inNamespace(namespace).inform(handler(this::reconcile));
        this.statefulSets = client.apps().statefulSets().inNamespace(namespace).inform(handler(this::reportReadiness));
    }

    private static <T> ResourceEventHandler<T> handler(java.util.function.Consumer<T> action) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                action.accept(object);
            }

            @Override
            public void onUpdate(T old, T current) {
                action.accept(current);
            }

            @Override
            public void onDelete(T object, boolean deletedFinalStateUnknown) {
            }
        };
    }

    private void reconcile(GenericKubernetesResource webApp) {
        if (webApp.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String name = webApp.getMetadata().getName();
        Map<String, Object> spec = webApp.get("spec");
        int replicas = ((Number) spec.get("replicas")).intValue();
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion(webApp.getApiVersion())
                .withKind(webApp.getKind()).withName(name).withUid(webApp.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
        Map<String, String> labels = Map.of("app", name);
        Service service = new ServiceBuilder().withNewMetadata().withName(name).withOwnerReferences(owner)
                .endMetadata().withNewSpec().withClusterIP("None").withSelector(labels)
                .addNewPort().withName("http").withPort(80).endPort().endSpec().build();
        client.services().inNamespace(namespace).resource(service).serverSideApply();
        StatefulSet set = new StatefulSetBuilder().withNewMetadata().withName(name).withOwnerReferences(owner)
                .endMetadata().withNewSpec().withReplicas(replicas).withServiceName(name)
                .withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage((String) spec.get("image")).endContainer()
                .endSpec().endTemplate().endSpec().build();
        client.apps().statefulSets().inNamespace(namespace).resource(set).serverSideApply();
    }

    private void reportReadiness(StatefulSet set) {
        List<OwnerReference> owners = set.getMetadata().getOwnerReferences();
        if (owners.isEmpty() || !owners.get(0).getKind().equals("WebApp")) {
            return;
        }
        int ready = set.getStatus() == null || set.getStatus().getReadyReplicas() == null ? 0
                : set.getStatus().getReadyReplicas();
        client.genericKubernetesResources(WEBAPPS).inNamespace(namespace).withName(owners.get(0).getName())
                .editStatus(webApp -> {
                    webApp.setAdditionalProperty("status", Map.of("readyReplicas", ready));
                    return webApp;
                });
    }

    @Override
    public void close() {
        webApps.close();
        statefulSets.close();
    }
}
