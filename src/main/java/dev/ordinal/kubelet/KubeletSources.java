package dev.ordinal.kubelet;

import java.util.Optional;

import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.controller.runtime.SharedInformerFactory;
import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.core.ServiceAccountTokenRequest;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * What the kubelets read of the objects pods' volumes and environments come from, through the
 * shared informers; and the ServiceAccount tokens they request for projected volumes, through the
 * TokenRequest subresource as a kubelet asks the API server, bound to the pod.
 */
@Component
class KubeletSources implements PodVolumes.Sources {

    private final SharedIndexInformer configMaps;
    private final SharedIndexInformer secrets;
    private final SharedIndexInformer serviceAccounts;
    private final SharedIndexInformer claims;
    private final SharedIndexInformer volumes;
    private final ServiceAccountTokenRequest tokens;
    private final ResourceDefinition serviceAccountDefinition;

    KubeletSources(SharedInformerFactory informers, ResourceRegistry resources, ServiceAccountTokenRequest tokens) {
        this.configMaps = informers.informerFor(new GroupResource("", "configmaps"));
        this.secrets = informers.informerFor(new GroupResource("", "secrets"));
        this.serviceAccounts = informers.informerFor(new GroupResource("", "serviceaccounts"));
        this.claims = informers.informerFor(new GroupResource("", "persistentvolumeclaims"));
        this.volumes = informers.informerFor(new GroupResource("", "persistentvolumes"));
        this.tokens = tokens;
        this.serviceAccountDefinition = resources.byResource("", "v1", "serviceaccounts").orElseThrow();
    }

    SharedIndexInformer configMaps() {
        return configMaps;
    }

    SharedIndexInformer secrets() {
        return secrets;
    }

    SharedIndexInformer serviceAccounts() {
        return serviceAccounts;
    }

    @Override
    public Optional<Unstructured> configMap(String namespace, String name) {
        return configMaps.get(namespace, name);
    }

    @Override
    public Optional<Unstructured> secret(String namespace, String name) {
        return secrets.get(namespace, name);
    }

    @Override
    public Optional<Unstructured> serviceAccount(String namespace, String name) {
        return serviceAccounts.get(namespace, name);
    }

    @Override
    public Optional<Unstructured> claim(String namespace, String name) {
        return claims.get(namespace, name);
    }

    @Override
    public Optional<Unstructured> persistentVolume(String name) {
        return volumes.get("", name);
    }

    @Override
    public String serviceAccountToken(Unstructured pod, String audience, long expirationSeconds) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("apiVersion", "authentication.k8s.io/v1").put("kind", "TokenRequest");
        ObjectNode spec = request.putObject("spec");
        if (!audience.isEmpty()) {
            spec.putArray("audiences").add(audience);
        }
        spec.put("expirationSeconds", expirationSeconds);
        spec.putObject("boundObjectRef").put("apiVersion", "v1").put("kind", "Pod").put("name", pod.name())
                .put("uid", pod.uid());
        String account = pod.json().path("spec").path("serviceAccountName").asString("");
        Unstructured answer = tokens.create(serviceAccountDefinition, pod.namespace(), account,
                new Unstructured(request), WriteOptions.defaults());
        return answer.json().path("status").path("token").asString("");
    }
}
