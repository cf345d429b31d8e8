package dev.ordinal.controller.volume;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.BootObjects;
import dev.ordinal.machinery.volume.DefaultStorageClasses;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * Creates the default StorageClass {@code standard} at start if it is missing, as kind and
 * minikube clusters come with one: volumes from the simulated hostpath provisioner, deleted with
 * their claims, bound at once.
 */
@Component
class StandardStorageClass implements ApplicationRunner, BootObjects {

    static final String NAME = "standard";

    private final GenericRegistry registry;
    private final ResourceDefinition classes;

    StandardStorageClass(GenericRegistry registry, ResourceRegistry resources) {
        this.registry = registry;
        this.classes = resources.byResource("storage.k8s.io", "v1", "storageclasses").orElseThrow();
    }

    @Override
    public void run(ApplicationArguments args) {
        create();
    }

    @Override
    public void create() {
        if (registry.find(classes, "", NAME).isPresent()) {
            return;
        }
        ObjectNode storageClass = JsonNodeFactory.instance.objectNode();
        storageClass.putObject("metadata").put("name", NAME).putObject("annotations")
                .put(DefaultStorageClasses.IS_DEFAULT_CLASS, "true");
        storageClass.put("provisioner", VolumePlugins.HOSTPATH_PROVISIONER);
        storageClass.put("reclaimPolicy", StorageClasses.RECLAIM_DELETE);
        storageClass.put("volumeBindingMode", "Immediate");
        registry.create(classes, "", new Unstructured(storageClass), WriteOptions.defaults());
    }
}
