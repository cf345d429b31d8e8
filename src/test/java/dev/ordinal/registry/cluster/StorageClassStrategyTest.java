package dev.ordinal.registry.cluster;

import static dev.ordinal.registry.core.RegistrySteps.edited;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.core.RegistrySteps;

class StorageClassStrategyTest {

    private final RegistrySteps steps = new RegistrySteps(new ClusterResources().storageClasses());

    @Test
    void defaultsDeleteAndImmediateBinding() {
        Unstructured storageClass = steps.created("""
                {"metadata": {"name": "standard"}, "provisioner": "ordinal.dev/hostpath"}
                """);

        assertThat(storageClass.json().get("reclaimPolicy").asString()).isEqualTo("Delete");
        assertThat(storageClass.json().get("volumeBindingMode").asString()).isEqualTo("Immediate");
    }

    @Test
    void requiresAProvisioner() {
        assertThat(steps.createErrors("""
                {"metadata": {"name": "standard"}, "reclaimPolicy": "Recycle"}
                """)).containsExactly(
                "provisioner: Required value",
                "reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"");
    }

    @Test
    void whatProvisioningDependsOnNeverChanges() {
        Unstructured old = steps.created("""
                {"metadata": {"name": "fast"}, "provisioner": "ordinal.dev/hostpath", "parameters": {"tier": "ssd"}}
                """);

        assertThat(steps.updateErrors(old, edited(old, storageClass -> storageClass
                .put("provisioner", "ordinal.dev/other").put("volumeBindingMode", "WaitForFirstConsumer")
                .withObjectProperty("parameters").put("tier", "hdd")))).containsExactly(
                "parameters: Forbidden: updates to parameters are forbidden.",
                "provisioner: Forbidden: updates to provisioner are forbidden.",
                "volumeBindingMode: Invalid value: \"WaitForFirstConsumer\": field is immutable");
        assertThat(steps.updateErrors(old, edited(old, storageClass -> storageClass.put("allowVolumeExpansion", true))))
                .isEmpty();
    }
}
