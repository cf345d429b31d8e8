package dev.ordinal.controller.volume;

import java.util.Optional;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;

/** What the PV controller does with a volume, apart from doing it: upstream's syncVolume. */
final class VolumeSync {

    static final String AVAILABLE = "Available";
    static final String BOUND = "Bound";
    static final String RELEASED = "Released";
    static final String FAILED = "Failed";

    private VolumeSync() {
    }

    sealed interface Action permits SetPhase, Reclaim, SyncClaim, ReportModeMismatch, Unbind {
    }

    record SetPhase(String phase) implements Action {
    }

    /** The claim is gone: mark the volume Released (a Failed one stays Failed) and apply its reclaim policy. */
    record Reclaim() implements Action {
    }

    /** The claim has not caught up with the binding; its sync finishes it. */
    record SyncClaim(String claimKey) implements Action {
    }

    /** The claim asks for this volume but cannot use its volumeMode. */
    record ReportModeMismatch(PersistentVolumeClaim claim) implements Action {
    }

    /** Roll back a binding to a claim that got another volume. */
    record Unbind() implements Action {
    }

    /**
     * Decides from the volume and the claim its claimRef names, as read from the API; a claim
     * with another uid counts as gone.
     */
    static Action sync(PersistentVolume volume, Optional<PersistentVolumeClaim> named) {
        Optional<ObjectReference> ref = VolumeFields.claimRef(volume);
        if (ref.isEmpty() || VolumeFields.orEmpty(ref.get().getUid()).isEmpty()) {
            // Unused, or reserved for a claim that the claim's sync will bind.
            return new SetPhase(AVAILABLE);
        }
        Optional<PersistentVolumeClaim> claim = named
                .filter(c -> c.getMetadata().getUid().equals(ref.get().getUid()));
        if (claim.isEmpty()) {
            return new Reclaim();
        }
        String claimVolume = VolumeFields.volumeName(claim.get());
        if (claimVolume.isEmpty()) {
            return VolumeMatching.volumeModeMismatch(claim.get(), volume) ? new ReportModeMismatch(claim.get())
                    : new SyncClaim(VolumeFields.key(claim.get()));
        }
        if (claimVolume.equals(volume.getMetadata().getName())) {
            return new SetPhase(BOUND);
        }
        if (VolumeFields.hasAnnotation(volume, Annotations.PROVISIONED_BY)
                && StorageClasses.RECLAIM_DELETE.equals(VolumeFields.reclaimPolicy(volume))) {
            // Provisioned for a claim that got bound elsewhere: not needed any more.
            return new Reclaim();
        }
        return new Unbind();
    }

    /**
     * Upstream's isVolumeReleased, checked again right before deleting or recycling: the claim
     * the volume is bound to is gone, or is bound to another volume.
     */
    static boolean released(PersistentVolume volume, Optional<PersistentVolumeClaim> named) {
        Optional<ObjectReference> ref = VolumeFields.claimRef(volume);
        if (ref.isEmpty() || VolumeFields.orEmpty(ref.get().getUid()).isEmpty()) {
            return false;
        }
        Optional<PersistentVolumeClaim> claim = named
                .filter(c -> c.getMetadata().getUid().equals(ref.get().getUid()));
        if (claim.isEmpty()) {
            return true;
        }
        String claimVolume = VolumeFields.volumeName(claim.get());
        return !claimVolume.isEmpty() && !claimVolume.equals(volume.getMetadata().getName());
    }
}
