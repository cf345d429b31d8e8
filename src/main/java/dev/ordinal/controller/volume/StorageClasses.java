package dev.ordinal.controller.volume;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;

import dev.ordinal.machinery.volume.DefaultStorageClasses;

/** Which class a claim or volume belongs to, and which class is the default: upstream's storage helpers. */
final class StorageClasses {

    static final String WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer";
    static final String RECLAIM_DELETE = "Delete";

    private StorageClasses() {
    }

    /** Upstream's GetPersistentVolumeClaimClass: the beta annotation first, then storageClassName, or "". */
    static String of(PersistentVolumeClaim claim) {
        String annotated = claim.getMetadata().getAnnotations().get(Annotations.BETA_STORAGE_CLASS);
        return annotated != null ? annotated : VolumeFields.orEmpty(VolumeFields.spec(claim).getStorageClassName());
    }

    /** Upstream's GetPersistentVolumeClass. */
    static String of(PersistentVolume volume) {
        String annotated = volume.getMetadata().getAnnotations().get(Annotations.BETA_STORAGE_CLASS);
        return annotated != null ? annotated : VolumeFields.orEmpty(VolumeFields.spec(volume).getStorageClassName());
    }

    /** Whether the claim names a class, if only "" (no class): such a claim never gets the default one. */
    static boolean named(PersistentVolumeClaim claim) {
        return claim.getMetadata().getAnnotations().containsKey(Annotations.BETA_STORAGE_CLASS)
                || VolumeFields.spec(claim).getStorageClassName() != null;
    }

    /** Upstream's GetDefaultClass (see {@link DefaultStorageClasses}). */
    static Optional<StorageClass> defaultClass(Collection<StorageClass> classes) {
        return DefaultStorageClasses.choose(classes, c -> c.getMetadata().getAnnotations(),
                c -> VolumeFields.orEmpty(c.getMetadata().getCreationTimestamp()), c -> c.getMetadata().getName());
    }

    /** Upstream's IsDelayBindingMode: the claim's class binds when the first consumer is scheduled. */
    static boolean delaysBinding(PersistentVolumeClaim claim, Map<String, StorageClass> classes) {
        StorageClass storageClass = classes.get(of(claim));
        return storageClass != null && WAIT_FOR_FIRST_CONSUMER.equals(storageClass.getVolumeBindingMode());
    }

    /** The reclaim policy of the volumes a class provisions; Delete when unset, as upstream defaults it. */
    static String reclaimPolicy(StorageClass storageClass) {
        String policy = storageClass.getReclaimPolicy();
        return policy == null || policy.isEmpty() ? RECLAIM_DELETE : policy;
    }
}
