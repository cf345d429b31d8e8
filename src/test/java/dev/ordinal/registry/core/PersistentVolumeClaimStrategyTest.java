package dev.ordinal.registry.core;

import static dev.ordinal.registry.core.RegistrySteps.edited;
import static dev.ordinal.registry.core.RegistrySteps.tree;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.ResourceDefinition;

class PersistentVolumeClaimStrategyTest {

    private static final String CLAIM = """
            {"metadata": {"name": "www-web-0", "namespace": "default"},
             "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}
            """;
    private static final String IMMUTABLE = "spec: Forbidden: spec is immutable after creation except "
            + "resources.requests and volumeAttributesClassName for bound claims";

    private final ResourceDefinition claims = new CoreResources().persistentVolumeClaims();
    private final RegistrySteps steps = new RegistrySteps(claims);

    @Test
    void defaultsTheVolumeModeAndStartsPending() {
        Unstructured claim = steps.created(CLAIM);

        assertThat(claim.json().get("spec")).isEqualTo(tree("""
                {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
                 "volumeMode": "Filesystem"}
                """));
        assertThat(claim.json().get("status")).isEqualTo(tree("{\"phase\": \"Pending\"}"));
    }

    @Test
    void requiresAccessModesAndAStorageRequest() {
        assertThat(steps.createErrors("""
                {"metadata": {"name": "data"}, "spec": {}}
                """)).containsExactly(
                "spec.accessModes: Required value: at least 1 access mode is required",
                "spec.resources[storage]: Required value");
        assertThat(steps.createErrors(CLAIM.replace("1Gi", "0").replace("ReadWriteOnce", "ReadWriteSometimes")))
                .containsExactly(
                        "spec.accessModes: Unsupported value: \"ReadWriteSometimes\": supported values: \"ReadOnlyMany\", "
                                + "\"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"",
                        "spec.resources[storage]: Invalid value: \"0\": must be greater than zero");
    }

    @Test
    void theSpecIsFixedOnceCreated() {
        Unstructured old = steps.created(CLAIM);

        assertThat(steps.updateErrors(old, edited(old, claim -> claim.withObjectProperty("spec")
                .putArray("accessModes").add("ReadWriteMany")))).containsExactly(IMMUTABLE);
        assertThat(steps.updateErrors(old, edited(old, claim -> claim.withObjectProperty("spec")
                .put("volumeMode", "Block")))).containsExactly(IMMUTABLE,
                "volumeMode: Invalid value: \"Block\": field is immutable");
    }

    @Test
    void mayBeBoundOnceAndGivenAClassOnce() {
        Unstructured old = steps.created(CLAIM);

        Unstructured bound = steps.updated(old, edited(old, claim -> claim.withObjectProperty("spec")
                .put("volumeName", "pvc-1234").put("storageClassName", "standard")));
        assertThat(steps.updateErrors(bound, edited(bound, claim -> claim.withObjectProperty("spec")
                .put("volumeName", "pvc-5678")))).containsExactly(IMMUTABLE);
    }

    @Test
    void aBoundClaimMayGrowButNotShrinkToItsCapacity() {
        Unstructured old = steps.statusWritten(steps.created(CLAIM), """
                {"phase": "Bound", "capacity": {"storage": "1Gi"}}
                """);

        assertThat(steps.updateErrors(old, edited(old, claim -> storage(claim, "2Gi")))).isEmpty();
        assertThat(steps.updateErrors(old, edited(old, claim -> storage(claim, "512Mi")))).containsExactly(
                "spec.resources.requests.storage: Forbidden: field can not be less than status.capacity");
        Unstructured unbound = steps.created(CLAIM.replace("www-web-0", "www-web-1"));
        assertThat(steps.updateErrors(unbound, edited(unbound, claim -> storage(claim, "2Gi"))))
                .containsExactly(IMMUTABLE);
    }

    @Test
    void aStatusWriteNeedsAccessModes() {
        Unstructured created = steps.created(CLAIM);
        // Validation keeps such a claim out, so it goes into the store past the registry.
        Unstructured old = steps.memory().store().update(claims.groupResource(), created.namespace(), created.name(),
                claim -> {
                    ((ObjectNode) claim.json().get("spec")).remove("accessModes");
                    return claim;
                }, claim -> false, false);

        assertThat(steps.statusErrors(old, "{\"phase\": \"Bound\"}"))
                .containsExactly("Spec.accessModes: Required value");
    }

    private static void storage(ObjectNode claim, String size) {
        ((ObjectNode) claim.at("/spec/resources/requests")).put("storage", size);
    }
}
