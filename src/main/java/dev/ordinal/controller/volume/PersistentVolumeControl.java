package dev.ordinal.controller.volume;

import java.util.Optional;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.runtime.EventRecorder;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.DeleteOptions;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * The PV controller's writes, through the registry: binding, phases, provisioning, reclaiming
 * and events, as upstream's pv_controller.go does them. Every write is conditional on the
 * resourceVersion the decision saw, so a decision made on stale state fails with a conflict and
 * is made again; writes that would change nothing are skipped.
 */
@Component
class PersistentVolumeControl {

    static final String COMPONENT = "persistentvolume-controller";

    private final GenericRegistry registry;
    private final EventRecorder events;
    private final ResourceDefinition claims;
    private final ResourceDefinition volumes;

    PersistentVolumeControl(GenericRegistry registry, EventRecorder events, ResourceRegistry resources) {
        this.registry = registry;
        this.events = events;
        this.claims = resources.byResource("", "v1", "persistentvolumeclaims").orElseThrow();
        this.volumes = resources.byResource("", "v1", "persistentvolumes").orElseThrow();
    }

    /** Binds the volume to the claim, then the claim to the volume, and marks both Bound; volume first. */
    void bind(Unstructured volume, Unstructured claim) {
        Unstructured bound = updateVolumePhase(bindVolumeToClaim(volume, claim), VolumeSync.BOUND, "");
        updateClaimStatus(bindClaimToVolume(claim, bound), ClaimSync.BOUND, bound);
    }

    private Unstructured bindVolumeToClaim(Unstructured volume, Unstructured claim) {
        PersistentVolume typed = VolumeFields.typed(volume, PersistentVolume.class);
        PersistentVolumeClaim claimed = VolumeFields.typed(claim, PersistentVolumeClaim.class);
        Optional<ObjectReference> ref = VolumeFields.claimRef(typed);
        boolean rebind = ref.isEmpty() || !claim.name().equals(ref.get().getName())
                || !claim.namespace().equals(ref.get().getNamespace()) || !claim.uid().equals(ref.get().getUid());
        // A volume the user pre-bound to this claim keeps saying so: no bound-by-controller.
        boolean annotate = !VolumeMatching.isBoundTo(typed, claimed)
                && !VolumeFields.hasAnnotation(typed, Annotations.BOUND_BY_CONTROLLER);
        if (!rebind && !annotate) {
            return volume;
        }
        return write(volumes, volume, null, object -> {
            if (rebind) {
                object.json().withObject("spec").set("claimRef", claimRef(claim));
            }
            if (annotate) {
                annotate(object, Annotations.BOUND_BY_CONTROLLER, "yes");
            }
        });
    }

    private Unstructured bindClaimToVolume(Unstructured claim, Unstructured volume) {
        boolean rebind = !volume.name().equals(claim.json().path("spec").path("volumeName").asString(""));
        boolean complete = !claim.annotations().containsKey(Annotations.BIND_COMPLETED);
        if (!rebind && !complete) {
            return claim;
        }
        return write(claims, claim, null, object -> {
            if (rebind) {
                object.json().withObject("spec").put("volumeName", volume.name());
                if (!object.annotations().containsKey(Annotations.BOUND_BY_CONTROLLER)) {
                    annotate(object, Annotations.BOUND_BY_CONTROLLER, "yes");
                }
            }
            annotate(object, Annotations.BIND_COMPLETED, "yes");
        });
    }

    /**
     * Sets a claim's phase, and its access modes and capacity from the volume (capacity only as it
     * turns Bound: a later difference may be a resize in progress); without a volume both go.
     */
    void updateClaimStatus(Unstructured claim, String phase, Unstructured volume) {
        ObjectNode status = claim.json().path("status").isObject() ? (ObjectNode) claim.json().get("status").deepCopy()
                : claim.json().objectNode();
        String currentPhase = status.path("phase").asString("");
        status.put("phase", phase);
        if (volume == null) {
            status.remove("accessModes");
            status.remove("capacity");
        } else {
            ObjectNode spec = (ObjectNode) volume.json().path("spec");
            status.set("accessModes", spec.path("accessModes").deepCopy());
            boolean capacityDiffers = !status.path("capacity").path(VolumeFields.STORAGE)
                    .equals(spec.path("capacity").path(VolumeFields.STORAGE));
            if (!currentPhase.equals(phase) && capacityDiffers) {
                status.set("capacity", spec.path("capacity").deepCopy());
            }
        }
        if (status.equals(claim.json().path("status"))) {
            return;
        }
        write(claims, claim, Subresource.STATUS, object -> object.json().set("status", status));
    }

    /** Upstream's updateClaimStatusWithEvent: the event only when the phase changes. */
    void updateClaimStatusWithEvent(Unstructured claim, String phase, VolumeEvent event) {
        if (phase.equals(claim.json().path("status").path("phase").asString(""))) {
            return;
        }
        updateClaimStatus(claim, phase, null);
        record(claim, event);
    }

    Unstructured updateVolumePhase(Unstructured volume, String phase, String message) {
        if (phase.equals(volume.json().path("status").path("phase").asString(""))) {
            return volume;
        }
        return write(volumes, volume, Subresource.STATUS, object -> {
            ObjectNode status = object.json().withObject("status");
            status.put("phase", phase);
            if (message.isEmpty()) {
                status.remove("message");
            } else {
                status.put("message", message);
            }
        });
    }

    private void updateVolumePhaseWithEvent(Unstructured volume, String phase, VolumeEvent event) {
        if (phase.equals(volume.json().path("status").path("phase").asString(""))) {
            return;
        }
        record(updateVolumePhase(volume, phase, event.message()), event);
    }

    void assignClass(Unstructured claim, String storageClassName) {
        write(claims, claim, null,
                object -> object.json().withObject("spec").put("storageClassName", storageClassName));
    }

    void selectNode(Unstructured claim, String nodeName) {
        write(claims, claim, null, object -> annotate(object, Annotations.SELECTED_NODE, nodeName));
    }

    /**
     * Upstream's provisionClaimOperation with the in-tree plugin: annotate the claim with its
     * provisioner, create the volume {@code pvc-<claim uid>} bound to it unless it exists, and
     * report success; the claim's next sync binds the two.
     */
    void provision(Unstructured claim, StorageClass storageClass) {
        if (!storageClass.getMountOptions().isEmpty()) {
            record(claim, VolumeEvent.warning("ProvisioningFailed", "Mount options are not supported by the "
                    + "provisioner but StorageClass \"" + storageClass.getMetadata().getName()
                    + "\" has mount options [" + String.join(" ", storageClass.getMountOptions()) + "]"));
            return;
        }
        Unstructured annotated = setClaimProvisioner(claim, storageClass.getProvisioner());
        PersistentVolumeClaim typed = VolumeFields.typed(annotated, PersistentVolumeClaim.class);
        String name = VolumePlugins.provisionedName(typed);
        if (registry.find(volumes, "", name).isPresent()) {
            return;
        }
        try {
            registry.create(volumes, "", new Unstructured(VolumePlugins.provision(typed, storageClass)),
                    WriteOptions.defaults());
        } catch (StatusError e) {
            if (e.code() != 409) {
                throw e;
            }
            return;
        }
        record(annotated, VolumeEvent.normal("ProvisioningSucceeded", "Successfully provisioned volume " + name
                + " using " + VolumePlugins.HOSTPATH_PROVISIONER));
    }

    /** Upstream's provisionClaimOperationExternal: annotate the claim and say who it waits for. */
    void waitForExternalProvisioner(Unstructured claim, StorageClass storageClass) {
        String provisioner = storageClass.getProvisioner();
        Unstructured annotated = setClaimProvisioner(claim, provisioner);
        record(annotated, VolumeEvent.normal("ExternalProvisioning", "Waiting for a volume to be created either by "
                + "the external provisioner '" + provisioner + "' or manually by the system administrator. If volume "
                + "creation is delayed, please verify that the provisioner is running and correctly registered."));
    }

    private Unstructured setClaimProvisioner(Unstructured claim, String provisioner) {
        if (provisioner.equals(claim.annotations().get(Annotations.STORAGE_PROVISIONER))) {
            return claim;
        }
        return write(claims, claim, null, object -> {
            annotate(object, Annotations.BETA_STORAGE_PROVISIONER, provisioner);
            annotate(object, Annotations.STORAGE_PROVISIONER, provisioner);
        });
    }

    /**
     * Rolls back a binding: a volume the controller bound forgets the claim, one the user
     * pre-bound forgets only the claim's uid; either becomes Available.
     */
    void unbind(Unstructured volume) {
        Unstructured unbound = write(volumes, volume, null, object -> {
            if (object.annotations().containsKey(Annotations.BOUND_BY_CONTROLLER)) {
                ((ObjectNode) object.json().path("spec")).remove("claimRef");
                ObjectNode annotations = (ObjectNode) object.metadata().path("annotations");
                annotations.remove(Annotations.BOUND_BY_CONTROLLER);
                if (annotations.isEmpty()) {
                    object.metadata().remove("annotations");
                }
            } else {
                ((ObjectNode) object.json().path("spec").path("claimRef")).remove("uid");
            }
        });
        updateVolumePhase(unbound, VolumeSync.AVAILABLE, "");
    }

    /** Upstream's reclaimVolume for a volume whose claim is gone: Released, then Retain, Recycle or Delete. */
    void reclaim(Unstructured volume) {
        String phase = volume.json().path("status").path("phase").asString("");
        Unstructured released = phase.equals(VolumeSync.RELEASED) || phase.equals(VolumeSync.FAILED) ? volume
                : updateVolumePhase(volume, VolumeSync.RELEASED, "");
        PersistentVolume typed = VolumeFields.typed(released, PersistentVolume.class);
        switch (VolumeFields.reclaimPolicy(typed)) {
            case "Retain" -> { }
            case "Recycle" -> recycle(released, typed);
            case "Delete" -> delete(released, typed);
            default -> updateVolumePhaseWithEvent(released, VolumeSync.FAILED,
                    VolumeEvent.warning("VolumeUnknownReclaimPolicy",
                            "Volume has unrecognized PersistentVolumeReclaimPolicy"));
        }
    }

    private void delete(Unstructured volume, PersistentVolume typed) {
        if (!VolumeSync.released(typed, claimOf(typed))) {
            return;
        }
        VolumePlugins.Deletion deletion = VolumePlugins.deletion(typed);
        if (deletion instanceof VolumePlugins.NotDeletable failure) {
            updateVolumePhaseWithEvent(volume, VolumeSync.FAILED,
                    VolumeEvent.warning("VolumeFailedDelete", failure.message()));
        } else if (deletion instanceof VolumePlugins.Deletable) {
            try {
                registry.delete(volumes, "", volume.name(), DeleteOptions.defaults());
            } catch (StatusError e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
    }

    /** A simulated recycler has nothing to scrub: the volume is recycled at once, as far as it can be. */
    private void recycle(Unstructured volume, PersistentVolume typed) {
        if (!VolumeSync.released(typed, claimOf(typed))) {
            return;
        }
        if (!VolumePlugins.recyclable(typed)) {
            updateVolumePhaseWithEvent(volume, VolumeSync.FAILED,
                    VolumeEvent.warning("VolumeFailedRecycle", "No recycler plugin found for the volume!"));
            return;
        }
        record(volume, VolumeEvent.normal("VolumeRecycled", "Volume recycled"));
        unbind(volume);
    }

    /** The claim a volume's claimRef names, read live as upstream's checks before reclaiming. */
    Optional<PersistentVolumeClaim> claimOf(PersistentVolume volume) {
        return VolumeFields.claimRef(volume)
                .flatMap(ref -> registry.find(claims, VolumeFields.orEmpty(ref.getNamespace()),
                        VolumeFields.orEmpty(ref.getName())))
                .map(claim -> VolumeFields.typed(claim, PersistentVolumeClaim.class));
    }

    void record(Unstructured object, VolumeEvent event) {
        if (event.type().equals("Warning")) {
            events.warning(COMPONENT, object, event.reason(), event.message());
        } else {
            events.normal(COMPONENT, object, event.reason(), event.message());
        }
    }

    /** Changes an object if it is still at the resourceVersion the decision saw. */
    private Unstructured write(ResourceDefinition definition, Unstructured seen, Subresource subresource,
                               Consumer<Unstructured> change) {
        return registry.patch(definition, seen.namespace(), seen.name(), current -> {
            current.setMeta("resourceVersion", seen.resourceVersion());
            change.accept(current);
            return current;
        }, subresource, WriteOptions.defaults());
    }

    private static ObjectNode claimRef(Unstructured claim) {
        ObjectNode ref = claim.json().objectNode();
        ref.put("kind", "PersistentVolumeClaim");
        ref.put("namespace", claim.namespace());
        ref.put("name", claim.name());
        ref.put("uid", claim.uid());
        ref.put("apiVersion", "v1");
        ref.put("resourceVersion", claim.resourceVersion());
        return ref;
    }

    private static void annotate(Unstructured object, String annotation, String value) {
        object.metadata().withObject("annotations").put(annotation, value);
    }
}
