package dev.ordinal.registry.cluster;

import static dev.ordinal.registry.core.RegistrySteps.createErrors;
import static dev.ordinal.registry.core.RegistrySteps.created;
import static dev.ordinal.registry.core.RegistrySteps.edited;
import static dev.ordinal.registry.core.RegistrySteps.updateErrors;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.ordinal.machinery.Unstructured;

class StorageClassStrategyTest {

    private final StorageClassStrategy strategy = new StorageClassStrategy();

    @Test
    void defaultsDeleteAndImmediateBinding() {
        Unstructured storageClass = created(strategy, """
                {"metadata": {"name": "standard"}, "provisioner": "ordinal.dev/hostpath"}
                """);

        assertThat(storageClass.json().get("reclaimPolicy").asString()).isEqualTo("Delete");
        assertThat(storageClass.json().get("volumeBindingMode").asString()).isEqualTo("Immediate");
        assertThat(strategy.validate(storageClass)).isEmpty();
    }

    @Test
    void requiresAProvisioner() {
        assertThat(createErrors(strategy, """
                {"metadata": {"name": "standard"}, "reclaimPolicy": "Recycle"}
                """)).containsExactly(
                "provisioner: Required value",
                "reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"");
    }

    @Test
    void whatProvisioningDependsOnNeverChanges() {
        Unstructured old = created(strategy, """
                {"metadata": {"name": "fast"}, "provisioner": "ordinal.dev/hostpath", "parameters": {"tier": "ssd"}}
                """);

        assertThat(updateErrors(strategy, old, edited(old, storageClass -> storageClass
                .put("provisioner", "ordinal.dev/other").put("volumeBindingMode", "WaitForFirstConsumer")
                .withObjectProperty("parameters").put("tier", "hdd")))).containsExactly(
                "parameters: Forbidden: updates to parameters are forbidden.",
                "provisioner: Forbidden: updates to provisioner are forbidden.",
                "volumeBindingMode: Invalid value: \"WaitForFirstConsumer\": field is immutable");
        assertThat(updateErrors(strategy, old, edited(old, storageClass -> storageClass.put("allowVolumeExpansion", true))))
                .isEmpty();
    }
}
