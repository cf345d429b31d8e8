package dev.ordinal.controller.volume;

import java.util.List;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.ordinal.controller.runtime.ControllerLoop;
import dev.ordinal.controller.runtime.ResourceEventHandler;
import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.controller.runtime.SharedInformerFactory;
import dev.ordinal.controller.runtime.WorkQueue;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ListOptions;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.ResourceRegistry;

/**
 * Keeps a deleted claim while a pod uses it, as upstream's pvcprotection controller: the
 * {@code kubernetes.io/pvc-protection} finalizer goes once no scheduled pod in the claim's
 * namespace refers to it, and claims that lack it get it.
 */
@Component
class ClaimProtectionController {

    private final GenericRegistry registry;
    private final ResourceDefinition claimDefinition;
    private final ResourceDefinition podDefinition;
    private final SharedIndexInformer claims;
    private final SharedIndexInformer pods;
    private final WorkQueue queue = new WorkQueue("pvcprotection");
    private final ControllerLoop loop;

    ClaimProtectionController(GenericRegistry registry, ResourceRegistry resources, SharedInformerFactory informers) {
        this.registry = registry;
        this.claimDefinition = resources.byResource("", "v1", "persistentvolumeclaims").orElseThrow();
        this.podDefinition = resources.byResource("", "v1", "pods").orElseThrow();
        this.claims = informers.informerFor(claimDefinition);
        this.pods = informers.informerFor(podDefinition);
        this.loop = new ControllerLoop("pvcprotection", queue, this::reconcile, 1);
    }

    @PostConstruct
    void start() {
        loop.start(claims.addEventHandler(ResourceEventHandler.forEveryChange(claim -> {
            if (Protection.forClaim(VolumeFields.typed(claim, PersistentVolumeClaim.class), List::of)
                    != Protection.Change.NONE) {
                queue.add(SharedIndexInformer.key(claim.namespace(), claim.name()));
            }
        })), pods.addEventHandler(ResourceEventHandler.forChanges(
                (pod, previous) -> podChanged(pod, previous, false), pod -> podChanged(pod, null, true))));
    }

    @PreDestroy
    void stop() {
        loop.stop();
    }

    /** Only a pod that went away, finished or is not scheduled can let a claim go. */
    private void podChanged(Unstructured pod, Unstructured previous, boolean deleted) {
        if (!PodVolumes.usesClaims(pod) && (previous == null || !PodVolumes.usesClaims(previous))) {
            return;
        }
        // Most changes are of a scheduled pod that runs on: told from the stored JSON, without
        // decoding the pod, as this runs for every pod change on the pods informer's thread.
        boolean replaced = previous != null && !previous.uid().equals(pod.uid());
        String phase = pod.json().path("status").path("phase").asString("");
        if (!deleted && !replaced && !pod.isBeingDeleted() && !phase.equals("Succeeded") && !phase.equals("Failed")
                && !pod.json().path("spec").path("nodeName").asString("").isEmpty()) {
            return;
        }
        Pod typed = VolumeFields.typed(pod, Pod.class);
        if (deleted || PodVolumes.terminated(typed) || PodVolumes.nodeName(typed).isEmpty()) {
            PodVolumes.claimNames(typed).forEach(claim -> queue.add(SharedIndexInformer.key(pod.namespace(), claim)));
        }
        if (replaced) {
            // A relist found another pod under the name: the claims of the one gone may be free.
            PodVolumes.claimNames(VolumeFields.typed(previous, Pod.class))
                    .forEach(claim -> queue.add(SharedIndexInformer.key(pod.namespace(), claim)));
        }
    }

    @Scheduled(fixedDelayString = "${ordinal.controllers.resync:30s}")
    void resync() {
        claims.list().forEach(claim -> queue.add(SharedIndexInformer.key(claim.namespace(), claim.name())));
    }

    /**
     * A live list, as upstream's last word: an informer may not have seen the newest pod yet. Only
     * pods with claim volumes are decoded.
     */
    private List<Pod> podsUsingClaims(String namespace) {
        return registry.list(podDefinition, namespace, ListOptions.everything()).items().stream()
                .filter(PodVolumes::usesClaims).map(pod -> VolumeFields.typed(pod, Pod.class)).toList();
    }

    long reconcile(String key) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        Unstructured claim = registry.find(claimDefinition, namespace, key.substring(slash + 1)).orElse(null);
        if (claim == null) {
            return 0;
        }
        Protection.Change change = Protection.forClaim(VolumeFields.typed(claim, PersistentVolumeClaim.class),
                () -> podsUsingClaims(namespace));
        Finalizers.apply(registry, claimDefinition, claim, Annotations.PVC_PROTECTION_FINALIZER, change);
        return 0;
    }
}
