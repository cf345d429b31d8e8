package dev.ordinal.controller.volume;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;

/**
 * What the PV controller does with a claim, apart from doing it: upstream's syncClaim
 * ({@code syncUnboundClaim} and {@code syncBoundClaim}). For claims of WaitForFirstConsumer classes
 * it also plays the scheduler's volume binding: once a consumer is on a node, a static volume
 * that node can use is bound, or the node is recorded on the claim for provisioning.
 */
final class ClaimSync {

    static final String PENDING = "Pending";
    static final String BOUND = "Bound";
    static final String LOST = "Lost";

    private ClaimSync() {
    }

    /** The cluster state a claim is synced against: all volumes and classes, the claim's namespace's pods, nodes. */
    record Inputs(Collection<PersistentVolume> volumes, Map<String, StorageClass> classes, Collection<Pod> pods,
                  Map<String, Node> nodes) {

        Optional<PersistentVolume> volume(String name) {
            return volumes.stream().filter(v -> v.getMetadata().getName().equals(name)).findFirst();
        }
    }

    sealed interface Action permits Bind, AssignClass, Provision, ProvisionExternally, SelectNode, Pending, Lost,
            Report {
    }

    /** Bind volume and claim to each other and mark both Bound. */
    record Bind(PersistentVolume volume) implements Action {
    }

    /** Give a claim without class the default class (upstream's retroactive default StorageClass assignment). */
    record AssignClass(String storageClassName) implements Action {
    }

    /** Provision a volume with the in-tree plugin. */
    record Provision(StorageClass storageClass) implements Action {
    }

    /** Annotate the claim for an external provisioner and wait for it. */
    record ProvisionExternally(StorageClass storageClass) implements Action {
    }

    /** Record the node of the claim's first scheduled consumer, so that the volume is provisioned for it. */
    record SelectNode(String nodeName) implements Action {
    }

    /** Keep the claim Pending without a volume, recording the event if there is one. */
    record Pending(Optional<VolumeEvent> event) implements Action {
    }

    /** The claim lost its volume: phase Lost, and the event when it turns so. */
    record Lost(VolumeEvent event) implements Action {
    }

    /** Only record an event; the claim stays as it is and is looked at again later. */
    record Report(VolumeEvent event) implements Action {
    }

    static Action sync(PersistentVolumeClaim claim, Inputs inputs) {
        return VolumeFields.hasAnnotation(claim, Annotations.BIND_COMPLETED) ? syncBound(claim, inputs)
                : syncUnbound(claim, inputs);
    }

    private static Action syncUnbound(PersistentVolumeClaim claim, Inputs inputs) {
        String volumeName = VolumeFields.volumeName(claim);
        if (volumeName.isEmpty()) {
            boolean delayBinding = StorageClasses.delaysBinding(claim, inputs.classes());
            Optional<PersistentVolume> match = VolumeMatching.findBestMatch(claim, inputs.volumes(), delayBinding);
            if (match.isPresent()) {
                return new Bind(match.get());
            }
            if (!StorageClasses.named(claim)) {
                Optional<StorageClass> defaultClass = StorageClasses.defaultClass(inputs.classes().values());
                if (defaultClass.isPresent()) {
                    return new AssignClass(defaultClass.get().getMetadata().getName());
                }
            }
            if (delayBinding && !VolumeFields.hasAnnotation(claim, Annotations.SELECTED_NODE)) {
                return waitForFirstConsumer(claim, inputs);
            }
            String className = StorageClasses.of(claim);
            if (!className.isEmpty()) {
                return provision(className, inputs);
            }
            return new Pending(Optional.of(VolumeEvent.normal("FailedBinding",
                    "no persistent volumes available for this claim and no storage class is set")));
        }
        Optional<PersistentVolume> requested = inputs.volume(volumeName);
        if (requested.isEmpty()) {
            // The user asked for a volume that does not exist (yet).
            return new Pending(Optional.empty());
        }
        PersistentVolume volume = requested.get();
        if (VolumeFields.claimRef(volume).isEmpty()) {
            Optional<String> unsatisfied = VolumeMatching.unsatisfied(volume, claim);
            if (unsatisfied.isPresent()) {
                return new Pending(Optional.of(VolumeEvent.warning("VolumeMismatch",
                        "Cannot bind to requested volume \"" + volumeName + "\": " + unsatisfied.get())));
            }
            return new Bind(volume);
        }
        if (VolumeMatching.isBoundTo(volume, claim)) {
            return new Bind(volume);
        }
        VolumeEvent taken = VolumeEvent.warning("FailedBinding",
                "volume \"" + volumeName + "\" already bound to a different claim.");
        return VolumeFields.hasAnnotation(claim, Annotations.BOUND_BY_CONTROLLER) ? new Report(taken)
                : new Pending(Optional.of(taken));
    }

    private static Action syncBound(PersistentVolumeClaim claim, Inputs inputs) {
        String volumeName = VolumeFields.volumeName(claim);
        if (volumeName.isEmpty()) {
            return new Lost(VolumeEvent.warning("ClaimLost",
                    "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!"));
        }
        Optional<PersistentVolume> volume = inputs.volume(volumeName);
        if (volume.isEmpty()) {
            return new Lost(VolumeEvent.warning("ClaimLost",
                    "Bound claim has lost its PersistentVolume. Data on the volume is lost!"));
        }
        String boundUid = VolumeFields.claimRef(volume.get()).map(ref -> VolumeFields.orEmpty(ref.getUid()))
                .orElse(null);
        if (boundUid == null || boundUid.equals(claim.getMetadata().getUid())) {
            // Unbound volumes are bound again; for a correct binding this writes nothing.
            return new Bind(volume.get());
        }
        return new Lost(VolumeEvent.warning("ClaimMisbound",
                "Two claims are bound to the same volume, this one is bound incorrectly"));
    }

    /**
     * A claim of a WaitForFirstConsumer class without a selected node: bound or sent to
     * provisioning once a consumer is scheduled, otherwise waiting with upstream's event.
     */
    private static Action waitForFirstConsumer(PersistentVolumeClaim claim, Inputs inputs) {
        List<Pod> consumers = inputs.pods().stream()
                .filter(pod -> PodVolumes.claimNames(pod).contains(claim.getMetadata().getName()))
                .filter(pod -> !PodVolumes.terminated(pod))
                .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
                .toList();
        Optional<Pod> scheduled = consumers.stream().filter(pod -> !PodVolumes.nodeName(pod).isEmpty()).findFirst();
        if (scheduled.isPresent()) {
            String nodeName = PodVolumes.nodeName(scheduled.get());
            Node node = inputs.nodes().getOrDefault(nodeName, unlabelled(nodeName));
            List<PersistentVolume> ofClass = inputs.volumes().stream()
                    .filter(volume -> StorageClasses.of(volume).equals(StorageClasses.of(claim))).toList();
            Optional<PersistentVolume> match = VolumeMatching.findMatchingVolume(claim, ofClass, node, true);
            return match.<Action>map(Bind::new).orElseGet(() -> new SelectNode(nodeName));
        }
        List<String> waiting = consumers.stream().map(pod -> pod.getMetadata().getName()).toList();
        VolumeEvent event = switch (waiting.size()) {
            case 0 -> VolumeEvent.normal("WaitForFirstConsumer",
                    "waiting for first consumer to be created before binding");
            case 1 -> VolumeEvent.normal("WaitForPodScheduled", "waiting for pod " + waiting.get(0)
                    + " to be scheduled");
            default -> VolumeEvent.normal("WaitForPodScheduled", "waiting for pods " + String.join(",", waiting)
                    + " to be scheduled");
        };
        return new Pending(Optional.of(event));
    }

    private static Action provision(String className, Inputs inputs) {
        StorageClass storageClass = inputs.classes().get(className);
        if (storageClass == null) {
            return new Report(VolumeEvent.warning("ProvisioningFailed",
                    "storageclass.storage.k8s.io \"" + className + "\" not found"));
        }
        VolumePlugins.Provisioning provisioning = VolumePlugins.provisioning(storageClass);
        if (provisioning instanceof VolumePlugins.NoPlugin none) {
            return new Report(VolumeEvent.warning("ProvisioningFailed", none.message()));
        }
        return provisioning instanceof VolumePlugins.InTree ? new Provision(storageClass)
                : new ProvisionExternally(storageClass);
    }

    private static Node unlabelled(String name) {
        Node node = new Node();
        ObjectMeta metadata = new ObjectMeta();
        metadata.setName(name);
        node.setMetadata(metadata);
        return node;
    }
}
