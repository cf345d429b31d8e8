package dev.ordinal.controller.volume;

import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ArrayNode;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.CreateAdmission;
import dev.ordinal.registry.ResourceDefinition;

/**
 * Upstream's StorageObjectInUseProtection admission plugin: new claims get the
 * {@code kubernetes.io/pvc-protection} finalizer and new volumes {@code kubernetes.io/pv-protection},
 * which the protection controllers remove once nothing uses them.
 */
@Component
class StorageObjectInUseProtection implements CreateAdmission {

    private static final GroupResource VOLUMES = new GroupResource("", "persistentvolumes");

    @Override
    public void admit(ResourceDefinition definition, Unstructured object) {
        if (definition.groupResource().equals(DefaultStorageClassAdmission.CLAIMS)) {
            protect(object, Annotations.PVC_PROTECTION_FINALIZER);
        } else if (definition.groupResource().equals(VOLUMES)) {
            protect(object, Annotations.PV_PROTECTION_FINALIZER);
        }
    }

    private static void protect(Unstructured object, String finalizer) {
        if (!object.finalizers().contains(finalizer)) {
            ArrayNode finalizers = object.metadata().withArray("finalizers");
            finalizers.add(finalizer);
        }
    }
}
