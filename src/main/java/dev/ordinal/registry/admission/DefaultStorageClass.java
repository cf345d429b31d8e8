package dev.ordinal.registry.admission;

import java.util.List;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.volume.DefaultStorageClasses;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.storage.ObjectStore;

/**
 * Upstream's DefaultStorageClass plugin: a new claim that names no class (not even "", which
 * means "no class") gets the default StorageClass, if there is one. Of several default classes
 * the newest wins, then the first by name, as upstream's {@code GetDefaultClass}.
 */
@Component
class DefaultStorageClass implements MutatingPlugin {

    static final GroupResource CLAIMS = new GroupResource("", "persistentvolumeclaims");
    private static final GroupResource CLASSES = new GroupResource("storage.k8s.io", "storageclasses");
    private static final String BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

    private final ObjectStore store;

    DefaultStorageClass(ObjectStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "DefaultStorageClass";
    }

    @Override
    public boolean handles(Operation operation) {
        return operation == Operation.CREATE;
    }

    @Override
    public boolean handles(ResourceDefinition definition, String subresource) {
        return definition.groupResource().equals(CLAIMS) && subresource.isEmpty();
    }

    @Override
    public void admit(AdmissionAttributes attributes) {
        Unstructured claim = attributes.object();
        JsonNode className = claim.json().path("spec").path("storageClassName");
        if (claim.annotations().containsKey(BETA_STORAGE_CLASS) || !(className.isMissingNode() || className.isNull())) {
            return;
        }
        List<Unstructured> defaults = store.list(CLASSES, null, null,
                storageClass -> DefaultStorageClasses.isDefault(storageClass.annotations()), 0).objects();
        DefaultStorageClasses.choose(defaults, Unstructured::annotations,
                        c -> c.metadata().path("creationTimestamp").asString(""), Unstructured::name)
                .ifPresent(storageClass -> claim.json().withObject("spec").put("storageClassName", storageClass.name()));
    }
}
