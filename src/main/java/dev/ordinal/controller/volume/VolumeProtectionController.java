package dev.ordinal.controller.volume;

import io.fabric8.kubernetes.api.model.PersistentVolume;
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
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.ResourceRegistry;

/**
 * Keeps a deleted volume while it is Bound, as upstream's pvprotection controller: the
 * {@code kubernetes.io/pv-protection} finalizer goes once the volume is no longer Bound, and
 * volumes that lack it get it.
 */
@Component
class VolumeProtectionController {

    private final GenericRegistry registry;
    private final ResourceDefinition volumeDefinition;
    private final SharedIndexInformer volumes;
    private final WorkQueue queue = new WorkQueue("pvprotection");
    private final ControllerLoop loop;

    VolumeProtectionController(GenericRegistry registry, ResourceRegistry resources, SharedInformerFactory informers) {
        this.registry = registry;
        this.volumeDefinition = resources.byResource("", "v1", "persistentvolumes").orElseThrow();
        this.volumes = informers.informerFor(volumeDefinition);
        this.loop = new ControllerLoop("pvprotection", queue, this::reconcile, 1);
    }

    @PostConstruct
    void start() {
        loop.start(volumes.addEventHandler(ResourceEventHandler.forEveryChange(volume -> {
            if (Protection.forVolume(VolumeFields.typed(volume, PersistentVolume.class)) != Protection.Change.NONE) {
                queue.add(volume.name());
            }
        })));
    }

    @PreDestroy
    void stop() {
        loop.stop();
    }

    @Scheduled(fixedDelayString = "${ordinal.controllers.resync:30s}")
    void resync() {
        volumes.list().forEach(volume -> queue.add(volume.name()));
    }

    long reconcile(String name) {
        Unstructured volume = registry.find(volumeDefinition, "", name).orElse(null);
        if (volume != null) {
            Finalizers.apply(registry, volumeDefinition, volume, Annotations.PV_PROTECTION_FINALIZER,
                    Protection.forVolume(VolumeFields.typed(volume, PersistentVolume.class)));
        }
        return 0;
    }
}
