package dev.ordinal.controller.volume;

import java.util.Collection;
import java.util.function.Supplier;
import java.util.function.BooleanSupplier;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;

/**
 * The decisions of upstream's pvcprotection and pvprotection controllers: a claim keeps its
 * finalizer while a scheduled pod uses it, a volume while it is Bound; objects not being deleted
 * get the finalizer if they lack it.
 */
final class Protection {

    enum Change { ADD_FINALIZER, REMOVE_FINALIZER, NONE }

    private Protection() {
    }

    /**
     * {@code pods} is asked for only when the claim is being deleted: as upstream's controller,
     * which looks for pods using a claim only then, since adding the finalizer needs none.
     */
    static Change forClaim(PersistentVolumeClaim claim, Supplier<? extends Collection<Pod>> pods) {
        return change(claim, Annotations.PVC_PROTECTION_FINALIZER,
                () -> pods.get().stream().anyMatch(pod -> usesClaim(pod, claim)));
    }

    static Change forVolume(PersistentVolume volume) {
        return change(volume, Annotations.PV_PROTECTION_FINALIZER,
                () -> VolumeSync.BOUND.equals(VolumeFields.phase(volume)));
    }

    /**
     * Upstream's podUsesPVC. Only scheduled pods count: the kubelet starts no pod with a claim
     * being deleted. As upstream, a scheduled pod that has finished still counts until it is
     * deleted; only for ephemeral volumes does a pod that is shut down stop counting.
     */
    static boolean usesClaim(Pod pod, PersistentVolumeClaim claim) {
        if (PodVolumes.nodeName(pod).isEmpty()
                || !pod.getMetadata().getNamespace().equals(claim.getMetadata().getNamespace())) {
            return false;
        }
        String name = claim.getMetadata().getName();
        for (Volume volume : PodVolumes.volumes(pod)) {
            if (volume.getPersistentVolumeClaim() != null
                    && name.equals(volume.getPersistentVolumeClaim().getClaimName())) {
                return true;
            }
            if (volume.getEphemeral() != null && !shutDown(pod)
                    && name.equals(pod.getMetadata().getName() + "-" + volume.getName()) && ownedBy(claim, pod)) {
                return true;
            }
        }
        return false;
    }

    /** Upstream's podIsShutDown: deleted with no grace period left, by the kubelet or by force. */
    private static boolean shutDown(Pod pod) {
        Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
        return VolumeFields.isBeingDeleted(pod) && grace != null && grace == 0;
    }

    private static boolean ownedBy(PersistentVolumeClaim claim, Pod pod) {
        return claim.getMetadata().getOwnerReferences().stream()
                .anyMatch(owner -> Boolean.TRUE.equals(owner.getController())
                        && pod.getMetadata().getUid().equals(owner.getUid()));
    }

    private static Change change(HasMetadata object, String finalizer, BooleanSupplier inUse) {
        boolean has = object.getMetadata().getFinalizers().contains(finalizer);
        if (VolumeFields.isBeingDeleted(object)) {
            return has && !inUse.getAsBoolean() ? Change.REMOVE_FINALIZER : Change.NONE;
        }
        return has ? Change.NONE : Change.ADD_FINALIZER;
    }
}
