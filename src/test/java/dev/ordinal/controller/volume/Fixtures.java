package dev.ordinal.controller.volume;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;

/** Plain claims, volumes, pods and classes for the decision tests. */
final class Fixtures {

    private Fixtures() {
    }

    static PersistentVolumeClaim claim(String name, String storageClassName, String request, String... accessModes) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(name).withNamespace("default").withUid("uid-" + name)
                .withResourceVersion("1").endMetadata()
                .withNewSpec().withStorageClassName(storageClassName).withAccessModes(accessModes)
                .withNewResources().addToRequests("storage", new Quantity(request)).endResources().endSpec()
                .build();
    }

    static PersistentVolume volume(String name, String storageClassName, String capacity, String... accessModes) {
        return new PersistentVolumeBuilder()
                .withNewMetadata().withName(name).withUid("uid-" + name).endMetadata()
                .withNewSpec().withStorageClassName(storageClassName).withAccessModes(accessModes)
                .addToCapacity("storage", new Quantity(capacity))
                .withNewHostPath().withPath("/data/" + name).endHostPath()
                .withPersistentVolumeReclaimPolicy("Retain").endSpec()
                .withNewStatus().withPhase("Available").endStatus()
                .build();
    }

    /** The volume with a claimRef to the claim (with its uid, or without for a pre-bound volume). */
    static PersistentVolume boundTo(PersistentVolume volume, PersistentVolumeClaim claim, boolean withUid) {
        return new PersistentVolumeBuilder(volume).editSpec().withNewClaimRef()
                .withKind("PersistentVolumeClaim").withNamespace(claim.getMetadata().getNamespace())
                .withName(claim.getMetadata().getName()).withUid(withUid ? claim.getMetadata().getUid() : null)
                .endClaimRef().endSpec().build();
    }

    static PersistentVolume withPhase(PersistentVolume volume, String phase) {
        return new PersistentVolumeBuilder(volume).editStatus().withPhase(phase).endStatus().build();
    }

    static PersistentVolumeClaim boundClaim(PersistentVolumeClaim claim, String volumeName) {
        return new PersistentVolumeClaimBuilder(claim)
                .editMetadata().addToAnnotations("pv.kubernetes.io/bind-completed", "yes").endMetadata()
                .editSpec().withVolumeName(volumeName).endSpec().build();
    }

    static Pod pod(String name, String nodeName, String claimName) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("default").withUid("uid-" + name).endMetadata()
                .withNewSpec().withNodeName(nodeName)
                .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName(claimName)
                .endPersistentVolumeClaim().endVolume().endSpec()
                .build();
    }

    static StorageClass storageClass(String name, String provisioner, String bindingMode) {
        return new StorageClassBuilder().withNewMetadata().withName(name).endMetadata()
                .withProvisioner(provisioner).withVolumeBindingMode(bindingMode).build();
    }
}
