package dev.ordinal.controller.volume;

import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.Unstructured;

/**
 * Null-safe reads of the PersistentVolume and PersistentVolumeClaim fields the controllers decide
 * on, and the typed (fabric8) view of stored objects.
 */
final class VolumeFields {

    /** Upstream's {@code v1.PersistentVolumeFilesystem}: what an unset volumeMode means. */
    static final String FILESYSTEM = "Filesystem";
    static final String STORAGE = "storage";

    private VolumeFields() {
    }

    static <T extends HasMetadata> T typed(Unstructured object, Class<T> type) {
        return JsonMapper.shared().treeToValue(object.json(), type);
    }

    static boolean hasAnnotation(HasMetadata object, String annotation) {
        return object.getMetadata().getAnnotations().containsKey(annotation);
    }

    static boolean isBeingDeleted(HasMetadata object) {
        String deletionTimestamp = object.getMetadata().getDeletionTimestamp();
        return deletionTimestamp != null && !deletionTimestamp.isEmpty();
    }

    static PersistentVolumeClaimSpec spec(PersistentVolumeClaim claim) {
        return claim.getSpec() == null ? new PersistentVolumeClaimSpec() : claim.getSpec();
    }

    static PersistentVolumeSpec spec(PersistentVolume volume) {
        return volume.getSpec() == null ? new PersistentVolumeSpec() : volume.getSpec();
    }

    static String volumeName(PersistentVolumeClaim claim) {
        return orEmpty(spec(claim).getVolumeName());
    }

    static Optional<ObjectReference> claimRef(PersistentVolume volume) {
        return Optional.ofNullable(spec(volume).getClaimRef());
    }

    static String phase(PersistentVolume volume) {
        return volume.getStatus() == null ? "" : orEmpty(volume.getStatus().getPhase());
    }

    static String phase(PersistentVolumeClaim claim) {
        return claim.getStatus() == null ? "" : orEmpty(claim.getStatus().getPhase());
    }

    /** The storage a claim requests; zero when it asks for none. */
    static Quantity request(PersistentVolumeClaim claim) {
        var resources = spec(claim).getResources();
        Quantity request = resources == null ? null : resources.getRequests().get(STORAGE);
        return request == null ? new Quantity("0") : request;
    }

    /** The storage a volume offers; zero when it declares none. */
    static Quantity capacity(PersistentVolume volume) {
        Quantity capacity = spec(volume).getCapacity().get(STORAGE);
        return capacity == null ? new Quantity("0") : capacity;
    }

    static List<String> accessModes(PersistentVolumeClaim claim) {
        return spec(claim).getAccessModes();
    }

    static List<String> accessModes(PersistentVolume volume) {
        return spec(volume).getAccessModes();
    }

    static String volumeMode(PersistentVolumeClaim claim) {
        String mode = spec(claim).getVolumeMode();
        return mode == null ? FILESYSTEM : mode;
    }

    static String volumeMode(PersistentVolume volume) {
        String mode = spec(volume).getVolumeMode();
        return mode == null ? FILESYSTEM : mode;
    }

    static String reclaimPolicy(PersistentVolume volume) {
        return orEmpty(spec(volume).getPersistentVolumeReclaimPolicy());
    }

    /** {@code namespace/name}, the work queue key of a claim. */
    static String key(PersistentVolumeClaim claim) {
        return claim.getMetadata().getNamespace() + "/" + claim.getMetadata().getName();
    }

    static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
