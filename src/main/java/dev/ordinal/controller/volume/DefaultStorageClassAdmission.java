package dev.ordinal.controller.volume;

import java.util.List;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import org.springframework.stereotype.Component;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.CreateAdmission;
import dev.ordinal.registry.ResourceDefinition;
import dev.ordinal.storage.ObjectStore;

/**
 * Upstream's DefaultStorageClass admission plugin: a new claim that names no class (not even "")
 * gets the default StorageClass, if there is one.
 */
@Component
class DefaultStorageClassAdmission implements CreateAdmission {

    static final GroupResource CLAIMS = new GroupResource("", "persistentvolumeclaims");
    private static final GroupResource CLASSES = new GroupResource("storage.k8s.io", "storageclasses");

    private final ObjectStore store;

    DefaultStorageClassAdmission(ObjectStore store) {
        this.store = store;
    }

    @Override
    public void admit(ResourceDefinition definition, Unstructured object) {
        if (!definition.groupResource().equals(CLAIMS)
                || StorageClasses.named(VolumeFields.typed(object, PersistentVolumeClaim.class))) {
            return;
        }
        List<StorageClass> classes = store.list(CLASSES, null, null, any -> true, 0).objects().stream()
                .map(storageClass -> VolumeFields.typed(storageClass, StorageClass.class)).toList();
        StorageClasses.defaultClass(classes).ifPresent(storageClass ->
                object.json().withObject("spec").put("storageClassName", storageClass.getMetadata().getName()));
    }
}
