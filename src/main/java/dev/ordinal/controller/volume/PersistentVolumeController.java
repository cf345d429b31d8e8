package dev.ordinal.controller.volume;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import dev.ordinal.controller.runtime.ControllerLoop;
import dev.ordinal.controller.runtime.DeletedFinalStateUnknown;
import dev.ordinal.controller.runtime.InformerSynced;
import dev.ordinal.controller.runtime.ResourceEventHandler;
import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.controller.runtime.SharedInformerFactory;
import dev.ordinal.controller.runtime.WorkQueue;
import dev.ordinal.controller.volume.ClaimSync.AssignClass;
import dev.ordinal.controller.volume.ClaimSync.Bind;
import dev.ordinal.controller.volume.ClaimSync.Lost;
import dev.ordinal.controller.volume.ClaimSync.Pending;
import dev.ordinal.controller.volume.ClaimSync.Provision;
import dev.ordinal.controller.volume.ClaimSync.ProvisionExternally;
import dev.ordinal.controller.volume.ClaimSync.Report;
import dev.ordinal.controller.volume.ClaimSync.SelectNode;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.ResourceRegistry;

/**
 * Binds claims to volumes, provisions volumes for claims and reclaims released volumes, as
 * upstream's PersistentVolume controller ({@code pkg/controller/volume/persistentvolume}): one
 * queue of claims and one of volumes, one worker each, so that no two claims are bound to one
 * volume at once. The claim or volume being synced is read live; the rest comes from informers.
 */
@Component
class PersistentVolumeController {

    private final GenericRegistry registry;
    private final PersistentVolumeControl control;
    private final ResourceDefinition claimDefinition;
    private final ResourceDefinition volumeDefinition;
    private final SharedIndexInformer claims;
    private final SharedIndexInformer volumes;
    private final SharedIndexInformer classes;
    private final SharedIndexInformer pods;
    private final SharedIndexInformer nodes;
    private final WorkQueue claimQueue = new WorkQueue("persistentvolume-claims");
    private final WorkQueue volumeQueue = new WorkQueue("persistentvolume-volumes");
    private final ControllerLoop claimLoop;
    private final ControllerLoop volumeLoop;

    PersistentVolumeController(GenericRegistry registry, PersistentVolumeControl control, ResourceRegistry resources,
                               SharedInformerFactory informers) {
        this.registry = registry;
        this.control = control;
        this.claimDefinition = resources.byResource("", "v1", "persistentvolumeclaims").orElseThrow();
        this.volumeDefinition = resources.byResource("", "v1", "persistentvolumes").orElseThrow();
        this.claims = informers.informerFor(claimDefinition);
        this.volumes = informers.informerFor(volumeDefinition);
        this.classes = informers.informerFor(resources.byResource("storage.k8s.io", "v1", "storageclasses")
                .orElseThrow());
        this.pods = informers.informerFor(resources.byResource("", "v1", "pods").orElseThrow());
        this.nodes = informers.informerFor(resources.byResource("", "v1", "nodes").orElseThrow());
        this.claimLoop = new ControllerLoop("persistentvolume-claims", claimQueue, this::syncClaim, 1);
        this.volumeLoop = new ControllerLoop("persistentvolume-volumes", volumeQueue, this::syncVolume, 1);
    }

    @PostConstruct
    void start() {
        InformerSynced[] caches = {
            volumes.addEventHandler(new ResourceEventHandler() {
                @Override
                public void onAdd(Unstructured volume, boolean isInInitialList) {
                    volumeQueue.add(volume.name());
                    enqueueUnboundClaimsIfAvailable(volume, null);
                }

                @Override
                public void onUpdate(Unstructured old, Unstructured volume) {
                    volumeQueue.add(volume.name());
                    enqueueUnboundClaimsIfAvailable(volume, old);
                }

                @Override
                public void onDelete(Object deleted) {
                    Unstructured volume = DeletedFinalStateUnknown.lastKnown(deleted);
                    volumeQueue.add(volume.name());
                    // A deleted volume's claim turns Lost without waiting for the resync.
                    JsonNode claimRef = volume.json().path("spec").path("claimRef");
                    String claimName = claimRef.path("name").asString("");
                    if (!claimName.isEmpty()) {
                        claimQueue.add(claimRef.path("namespace").asString("") + "/" + claimName);
                    }
                }
            }),
            claims.addEventHandler(new ResourceEventHandler() {
                @Override
                public void onAdd(Unstructured claim, boolean isInInitialList) {
                    claimQueue.add(SharedIndexInformer.key(claim.namespace(), claim.name()));
                }

                @Override
                public void onUpdate(Unstructured old, Unstructured claim) {
                    claimQueue.add(SharedIndexInformer.key(claim.namespace(), claim.name()));
                }

                @Override
                public void onDelete(Object deleted) {
                    Unstructured claim = DeletedFinalStateUnknown.lastKnown(deleted);
                    claimQueue.add(SharedIndexInformer.key(claim.namespace(), claim.name()));
                    // A deleted claim's volume is released without waiting for the resync.
                    String volumeName = claim.json().path("spec").path("volumeName").asString("");
                    if (!volumeName.isEmpty()) {
                        volumeQueue.add(volumeName);
                    }
                }
            }),
            classes.addEventHandler(new ResourceEventHandler() {
                @Override
                public void onAdd(Unstructured storageClass, boolean isInInitialList) {
                    // A new class, the default one say, may be what unbound claims wait for.
                    unboundClaims().forEach(claimQueue::add);
                }
            }),
            pods.addEventHandler(ResourceEventHandler.forEveryChange(pod -> {
                // The first consumer of a claim that waits for one has been scheduled. Read from
                // the stored JSON first: this runs for every pod change on the pods informer's
                // thread, and most pods are unscheduled yet or use no claim.
                if (!PodVolumes.usesClaims(pod) || pod.json().path("spec").path("nodeName").asString("").isEmpty()) {
                    return;
                }
                Pod typed = VolumeFields.typed(pod, Pod.class);
                if (!PodVolumes.terminated(typed)) {
                    for (String claimName : PodVolumes.claimNames(typed)) {
                        claims.get(pod.namespace(), claimName)
                                .filter(claim -> claim.json().path("spec").path("volumeName").asString("").isEmpty())
                                .ifPresent(claim -> claimQueue.add(
                                        SharedIndexInformer.key(claim.namespace(), claim.name())));
                    }
                }
            })),
            nodes
        };
        claimLoop.start(caches);
        volumeLoop.start(caches);
    }

    /** Unbound claims may take a volume that just became Available, sooner than upstream's resync would. */
    private void enqueueUnboundClaimsIfAvailable(Unstructured volume, Unstructured previous) {
        if (phase(volume).equals(VolumeSync.AVAILABLE)
                && (previous == null || !phase(previous).equals(VolumeSync.AVAILABLE))) {
            unboundClaims().forEach(claimQueue::add);
        }
    }

    @PreDestroy
    void stop() {
        claimLoop.stop();
        volumeLoop.stop();
    }

    /** Syncs every claim and volume again, as upstream's own resync does. */
    @Scheduled(fixedDelayString = "${ordinal.controllers.resync:30s}")
    void resync() {
        claims.list().forEach(claim -> claimQueue.add(SharedIndexInformer.key(claim.namespace(), claim.name())));
        volumes.list().forEach(volume -> volumeQueue.add(volume.name()));
    }

    long syncClaim(String key) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        Unstructured claim = registry.find(claimDefinition, namespace, key.substring(slash + 1)).orElse(null);
        if (claim == null) {
            return 0;
        }
        Map<String, Unstructured> volumeObjects = new LinkedHashMap<>();
        volumes.list().forEach(volume -> volumeObjects.put(volume.name(), volume));
        ClaimSync.Inputs inputs = new ClaimSync.Inputs(
                volumeObjects.values().stream().map(v -> VolumeFields.typed(v, PersistentVolume.class)).toList(),
                byName(classes, StorageClass.class),
                pods.list(namespace).stream().map(p -> VolumeFields.typed(p, Pod.class)).toList(),
                byName(nodes, Node.class));
        ClaimSync.Action action = ClaimSync.sync(VolumeFields.typed(claim, PersistentVolumeClaim.class), inputs);
        if (action instanceof Bind bind) {
            // The volume as the decision saw it: binding fails if it has changed since.
            control.bind(volumeObjects.get(bind.volume().getMetadata().getName()), claim);
        } else if (action instanceof AssignClass assign) {
            control.assignClass(claim, assign.storageClassName());
        } else if (action instanceof Provision provision) {
            control.provision(claim, provision.storageClass());
        } else if (action instanceof ProvisionExternally external) {
            control.waitForExternalProvisioner(claim, external.storageClass());
        } else if (action instanceof SelectNode select) {
            control.selectNode(claim, select.nodeName());
        } else if (action instanceof Pending pending) {
            pending.event().ifPresent(event -> control.record(claim, event));
            control.updateClaimStatus(claim, ClaimSync.PENDING, null);
        } else if (action instanceof Lost lost) {
            control.updateClaimStatusWithEvent(claim, ClaimSync.LOST, lost.event());
        } else if (action instanceof Report report) {
            control.record(claim, report.event());
        }
        return 0;
    }

    long syncVolume(String name) {
        Unstructured volume = registry.find(volumeDefinition, "", name).orElse(null);
        if (volume == null) {
            return 0;
        }
        PersistentVolume typed = VolumeFields.typed(volume, PersistentVolume.class);
        Optional<PersistentVolumeClaim> claim = control.claimOf(typed);
        VolumeSync.Action action = VolumeSync.sync(typed, claim);
        if (action instanceof VolumeSync.SetPhase phase) {
            control.updateVolumePhase(volume, phase.phase(), "");
        } else if (action instanceof VolumeSync.Reclaim) {
            control.reclaim(volume);
        } else if (action instanceof VolumeSync.SyncClaim sync) {
            claimQueue.add(sync.claimKey());
        } else if (action instanceof VolumeSync.ReportModeMismatch mismatch) {
            String claimName = mismatch.claim().getMetadata().getName();
            control.record(volume, VolumeEvent.warning("VolumeMismatch", "Cannot bind PersistentVolume to requested "
                    + "PersistentVolumeClaim \"" + claimName + "\" due to incompatible volumeMode."));
            registry.find(claimDefinition, mismatch.claim().getMetadata().getNamespace(), claimName)
                    .ifPresent(live -> control.record(live, VolumeEvent.warning("VolumeMismatch",
                            "Cannot bind PersistentVolume \"" + name + "\" to requested PersistentVolumeClaim due "
                                    + "to incompatible volumeMode.")));
        } else if (action instanceof VolumeSync.Unbind) {
            control.unbind(volume);
        }
        return 0;
    }

    private List<String> unboundClaims() {
        return claims.list().stream()
                .filter(claim -> claim.json().path("spec").path("volumeName").asString("").isEmpty())
                .map(claim -> SharedIndexInformer.key(claim.namespace(), claim.name()))
                .toList();
    }

    private static <T extends HasMetadata> Map<String, T> byName(SharedIndexInformer informer, Class<T> type) {
        Map<String, T> byName = new LinkedHashMap<>();
        informer.list().forEach(object -> byName.put(object.name(), VolumeFields.typed(object, type)));
        return byName;
    }

    private static String phase(Unstructured object) {
        return object.json().path("status").path("phase").asString("");
    }
}
