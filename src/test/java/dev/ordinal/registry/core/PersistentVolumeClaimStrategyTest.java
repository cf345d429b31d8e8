package dev.ordinal.registry.core;

import static dev.ordinal.registry.core.RegistrySteps.createErrors;
import static dev.ordinal.registry.core.RegistrySteps.created;
import static dev.ordinal.registry.core.RegistrySteps.edited;
import static dev.ordinal.registry.core.RegistrySteps.statusErrors;
import static dev.ordinal.registry.core.RegistrySteps.statusWritten;
import static dev.ordinal.registry.core.RegistrySteps.tree;
import static dev.ordinal.registry.core.RegistrySteps.updateErrors;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

class PersistentVolumeClaimStrategyTest {

    private static final String CLAIM = """
            {"metadata": {"name": "www-web-0", "namespace": "default"},
             "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}
            """;
    private static final String IMMUTABLE = "spec: Forbidden: spec is immutable after creation except "
            + "resources.requests and volumeAttributesClassName for bound claims";

    private final PersistentVolumeClaimStrategy strategy = new PersistentVolumeClaimStrategy();

    @Test
    void defaultsTheVolumeModeAndStartsPending() {
        Unstructured claim = created(strategy, CLAIM);

        assertThat(claim.json().get("spec")).isEqualTo(tree("""
                {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
                 "volumeMode": "Filesystem"}
                """));
        assertThat(claim.json().get("status")).isEqualTo(tree("{\"phase\": \"Pending\"}"));
        assertThat(strategy.validate(claim)).isEmpty();
    }

    @Test
    void requiresAccessModesAndAStorageRequest() {
        assertThat(createErrors(strategy, """
                {"metadata": {"name": "data"}, "spec": {}}
                """)).containsExactly(
                "spec.accessModes: Required value: at least 1 access mode is required",
                "spec.resources[storage]: Required value");
        assertThat(createErrors(strategy, CLAIM.replace("1Gi", "0").replace("ReadWriteOnce", "ReadWriteSometimes")))
                .containsExactly(
                        "spec.accessModes: Unsupported value: \"ReadWriteSometimes\": supported values: \"ReadOnlyMany\", "
                                + "\"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"",
                        "spec.resources[storage]: Invalid value: \"0\": must be greater than zero");
    }

    @Test
    void theSpecIsFixedOnceCreated() {
        Unstructured old = created(strategy, CLAIM);

        assertThat(updateErrors(strategy, old, edited(old, claim -> claim.withObjectProperty("spec")
                .putArray("accessModes").add("ReadWriteMany")))).containsExactly(IMMUTABLE);
        assertThat(updateErrors(strategy, old, edited(old, claim -> claim.withObjectProperty("spec")
                .put("volumeMode", "Block")))).containsExactly(IMMUTABLE,
                "volumeMode: Invalid value: \"Block\": field is immutable");
    }

    @Test
    void mayBeBoundOnceAndGivenAClassOnce() {
        Unstructured old = created(strategy, CLAIM);

        Unstructured bound = RegistrySteps.updated(strategy, old, edited(old, claim -> claim.withObjectProperty("spec")
                .put("volumeName", "pvc-1234").put("storageClassName", "standard")));
        assertThat(strategy.validateUpdate(bound, old)).isEmpty();
        assertThat(updateErrors(strategy, bound, edited(bound, claim -> claim.withObjectProperty("spec")
                .put("volumeName", "pvc-5678")))).containsExactly(IMMUTABLE);
    }

    @Test
    void aBoundClaimMayGrowButNotShrinkToItsCapacity() {
        Unstructured old = statusWritten(strategy, created(strategy, CLAIM), """
                {"phase": "Bound", "capacity": {"storage": "1Gi"}}
                """);

        assertThat(updateErrors(strategy, old, edited(old, claim -> storage(claim, "2Gi")))).isEmpty();
        assertThat(updateErrors(strategy, old, edited(old, claim -> storage(claim, "512Mi")))).containsExactly(
                "spec.resources.requests.storage: Forbidden: field can not be less than status.capacity");
        assertThat(updateErrors(strategy, created(strategy, CLAIM), edited(old, claim -> storage(claim, "2Gi"))))
                .containsExactly(IMMUTABLE);
    }

    @Test
    void aStatusWriteNeedsAccessModes() {
        Unstructured old = created(strategy, CLAIM);
        ((ObjectNode) old.json().get("spec")).remove("accessModes");

        assertThat(statusErrors(strategy, old, "{\"phase\": \"Bound\"}"))
                .containsExactly("Spec.accessModes: Required value");
    }

    private static void storage(ObjectNode claim, String size) {
        ((ObjectNode) claim.at("/spec/resources/requests")).put("storage", size);
    }
}
