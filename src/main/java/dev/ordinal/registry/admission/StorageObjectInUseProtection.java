package dev.ordinal.registry.admission;

import java.util.Map;

import org.springframework.stereotype.Component;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.ResourceDefinition;

/**
 * Upstream's StorageObjectInUseProtection plugin: new claims get the
 * {@code kubernetes.io/pvc-protection} finalizer and new volumes {@code kubernetes.io/pv-protection},
 * which the protection controllers remove once nothing uses them.
 */
@Component
class StorageObjectInUseProtection implements MutatingPlugin {

    private static final Map<GroupResource, String> FINALIZERS = Map.of(
            DefaultStorageClass.CLAIMS, "kubernetes.io/pvc-protection",
            new GroupResource("", "persistentvolumes"), "kubernetes.io/pv-protection");

    @Override
    public String name() {
        return "StorageObjectInUseProtection";
    }

    @Override
    public boolean handles(Operation operation) {
        return operation == Operation.CREATE;
    }

    @Override
    public boolean handles(ResourceDefinition definition, String subresource) {
        return FINALIZERS.containsKey(definition.groupResource()) && subresource.isEmpty();
    }

    @Override
    public void admit(AdmissionAttributes attributes) {
        Unstructured object = attributes.object();
        String finalizer = FINALIZERS.get(attributes.resource());
        if (!object.finalizers().contains(finalizer)) {
            object.metadata().withArray("finalizers").add(finalizer);
        }
    }
}
