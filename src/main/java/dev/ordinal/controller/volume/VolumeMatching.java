package dev.ordinal.controller.volume;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;

import dev.ordinal.machinery.labels.LabelSelector;

/**
 * Which volume a claim gets: upstream's {@code findBestMatchForClaim} (volumes grouped by their
 * access modes, the groups with the fewest modes first) over {@code FindMatchingVolume} (a volume
 * bound or pre-bound to the claim wins, otherwise the smallest Available volume of the claim's
 * class, capacity, volumeMode and selector).
 */
final class VolumeMatching {

    private VolumeMatching() {
    }

    /** The PV controller's search: no node, and with delayed binding only volumes pre-bound to the claim. */
    static Optional<PersistentVolume> findBestMatch(PersistentVolumeClaim claim, Collection<PersistentVolume> volumes,
                                                    boolean delayBinding) {
        Map<TreeSet<String>, List<PersistentVolume>> byModes = new LinkedHashMap<>();
        for (PersistentVolume volume : volumes) {
            byModes.computeIfAbsent(new TreeSet<>(VolumeFields.accessModes(volume)), modes -> new ArrayList<>())
                    .add(volume);
        }
        List<TreeSet<String>> candidates = byModes.keySet().stream()
                .filter(modes -> modes.containsAll(VolumeFields.accessModes(claim)))
                .sorted(Comparator.<TreeSet<String>>comparingInt(TreeSet::size).thenComparing(TreeSet::toString))
                .toList();
        for (TreeSet<String> modes : candidates) {
            Optional<PersistentVolume> found = findMatchingVolume(claim, byModes.get(modes), null, delayBinding);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * Upstream's FindMatchingVolume. With a node (the scheduler's path, for claims whose binding
     * waits for the first consumer) unbound volumes count too if their node affinity admits the
     * node and their access modes cover the claim's.
     */
    static Optional<PersistentVolume> findMatchingVolume(PersistentVolumeClaim claim,
                                                         Collection<PersistentVolume> volumes, Node node,
                                                         boolean delayBinding) {
        Quantity requested = VolumeFields.request(claim);
        String requestedClass = StorageClasses.of(claim);
        LabelSelector selector = VolumeFields.spec(claim).getSelector() == null ? null
                : LabelSelector.fromLabelSelector(VolumeFields.spec(claim).getSelector());
        PersistentVolume smallest = null;
        for (PersistentVolume volume : volumes) {
            if (VolumeFields.claimRef(volume).isPresent() && !isBoundTo(volume, claim)) {
                continue;
            }
            Quantity capacity = VolumeFields.capacity(volume);
            if (capacity.compareTo(requested) < 0 || volumeModeMismatch(claim, volume)
                    || VolumeFields.isBeingDeleted(volume)) {
                continue;
            }
            boolean nodeAffinityValid = node == null
                    || NodeAffinity.allows(volume, node.getMetadata().getLabels());
            if (isBoundTo(volume, claim)) {
                // A volume pre-bound to the claim that the node cannot use means no match at all.
                return nodeAffinityValid ? Optional.of(volume) : Optional.empty();
            }
            if (node == null && delayBinding) {
                // The scheduler binds unbound volumes once a consumer is placed.
                continue;
            }
            if (!VolumeSync.AVAILABLE.equals(VolumeFields.phase(volume))
                    || selector != null && !selector.matches(volume.getMetadata().getLabels())
                    || !StorageClasses.of(volume).equals(requestedClass)
                    || !nodeAffinityValid
                    || node != null && !accessModesSatisfied(claim, volume)) {
                continue;
            }
            if (smallest == null || VolumeFields.capacity(smallest).compareTo(capacity) > 0) {
                smallest = volume;
            }
        }
        return Optional.ofNullable(smallest);
    }

    /**
     * Why a volume the claim asks for by name cannot be bound to it (upstream's
     * checkVolumeSatisfyClaim), or empty when it can.
     */
    static Optional<String> unsatisfied(PersistentVolume volume, PersistentVolumeClaim claim) {
        if (VolumeFields.isBeingDeleted(volume)) {
            return Optional.of("the volume is marked for deletion \"" + volume.getMetadata().getName() + "\"");
        }
        if (VolumeFields.capacity(volume).getNumericalAmount()
                .compareTo(VolumeFields.request(claim).getNumericalAmount()) < 0) {
            return Optional.of("requested PV is too small");
        }
        if (!StorageClasses.of(volume).equals(StorageClasses.of(claim))) {
            return Optional.of("storageClassName does not match");
        }
        if (volumeModeMismatch(claim, volume)) {
            return Optional.of("incompatible volumeMode");
        }
        if (!accessModesSatisfied(claim, volume)) {
            return Optional.of("incompatible accessMode");
        }
        return Optional.empty();
    }

    /** Upstream's IsVolumeBoundToClaim: the claimRef names the claim, and its uid if the claimRef has one. */
    static boolean isBoundTo(PersistentVolume volume, PersistentVolumeClaim claim) {
        Optional<ObjectReference> ref = VolumeFields.claimRef(volume);
        if (ref.isEmpty()) {
            return false;
        }
        String uid = VolumeFields.orEmpty(ref.get().getUid());
        return claim.getMetadata().getName().equals(ref.get().getName())
                && claim.getMetadata().getNamespace().equals(ref.get().getNamespace())
                && (uid.isEmpty() || uid.equals(claim.getMetadata().getUid()));
    }

    static boolean volumeModeMismatch(PersistentVolumeClaim claim, PersistentVolume volume) {
        return !VolumeFields.volumeMode(claim).equals(VolumeFields.volumeMode(volume));
    }

    static boolean accessModesSatisfied(PersistentVolumeClaim claim, PersistentVolume volume) {
        return VolumeFields.accessModes(volume).containsAll(VolumeFields.accessModes(claim));
    }
}
