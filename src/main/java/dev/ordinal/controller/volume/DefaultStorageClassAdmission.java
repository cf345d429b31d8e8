package dev.ordinal.controller.volume;

import java.time.Duration;
import java.util.List;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import org.springframework.stereotype.Component;

import dev.ordinal.controller.runtime.InformerSynced;
import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.controller.runtime.SharedInformerFactory;
import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.CreateAdmission;
import dev.ordinal.registry.ResourceDefinition;

/**
 * Upstream's DefaultStorageClass admission plugin: a new claim that names no class (not even "")
 * gets the default StorageClass, if there is one. As upstream's, it reads the classes from an
 * informer's lister.
 */
@Component
class DefaultStorageClassAdmission implements CreateAdmission {

    static final GroupResource CLAIMS = new GroupResource("", "persistentvolumeclaims");
    private static final GroupResource CLASSES = new GroupResource("storage.k8s.io", "storageclasses");
    /** How long a claim waits for the classes' first list (upstream admission's WaitForReady). */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final SharedIndexInformer classes;

    DefaultStorageClassAdmission(SharedInformerFactory informers) {
        this.classes = informers.informerFor(CLASSES);
    }

    @Override
    public void admit(ResourceDefinition definition, Unstructured object) {
        if (!definition.groupResource().equals(CLAIMS)
                || StorageClasses.named(VolumeFields.typed(object, PersistentVolumeClaim.class))) {
            return;
        }
        waitForReady(object);
        List<StorageClass> classes = this.classes.list().stream()
                .map(storageClass -> VolumeFields.typed(storageClass, StorageClass.class)).toList();
        StorageClasses.defaultClass(classes).ifPresent(storageClass ->
                object.json().withObject("spec").put("storageClassName", storageClass.getMetadata().getName()));
    }

    /** Upstream refuses, rather than admit without a default it could not see yet. */
    private void waitForReady(Unstructured claim) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try {
            if (InformerSynced.waitForCacheSync(() -> System.nanoTime() > deadline, List.of(classes))) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw StatusError.forbidden(CLAIMS, claim.name(), "not yet ready to handle request");
    }
}
