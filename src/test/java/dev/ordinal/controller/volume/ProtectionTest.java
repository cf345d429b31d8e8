package dev.ordinal.controller.volume;

import java.util.List;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import dev.ordinal.controller.volume.Protection.Change;

import static dev.ordinal.controller.volume.Fixtures.claim;
import static dev.ordinal.controller.volume.Fixtures.pod;
import static dev.ordinal.controller.volume.Fixtures.volume;
import static dev.ordinal.controller.volume.Fixtures.withPhase;
import static org.assertj.core.api.Assertions.assertThat;

class ProtectionTest {

    @Test
    void claimsAndVolumesGetTheirFinalizer() {
        assertThat(Protection.forClaim(claim("data", "standard", "1Gi"), List::of)).isEqualTo(Change.ADD_FINALIZER);
        assertThat(Protection.forVolume(volume("pv", "standard", "1Gi"))).isEqualTo(Change.ADD_FINALIZER);
        assertThat(Protection.forClaim(protectedClaim(false), List::of)).isEqualTo(Change.NONE);
    }

    @Test
    void onlyADeletedClaimAsksWhichPodsUseIt() {
        assertThat(Protection.forClaim(protectedClaim(false), () -> {
            throw new AssertionError("a claim not being deleted needs no pods");
        })).isEqualTo(Change.NONE);
    }

    @Test
    void aDeletedClaimKeepsItsFinalizerWhileAScheduledPodUsesIt() {
        PersistentVolumeClaim deleted = protectedClaim(true);
        assertThat(Protection.forClaim(deleted, () -> List.of(pod("web-0", "node-1", "data"))))
                .isEqualTo(Change.NONE);
        assertThat(Protection.forClaim(deleted, () -> List.of(pod("web-0", null, "data"), pod("other", "node-1", "x"))))
                .isEqualTo(Change.REMOVE_FINALIZER);
        // As upstream: a pod that has finished still holds the claim until it is deleted.
        var succeeded = new PodBuilder(pod("job", "node-1", "data")).withNewStatus().withPhase("Succeeded")
                .endStatus().build();
        assertThat(Protection.forClaim(deleted, () -> List.of(succeeded))).isEqualTo(Change.NONE);
    }

    @Test
    void aDeletedVolumeKeepsItsFinalizerWhileBound() {
        PersistentVolume deleted = new PersistentVolumeBuilder(volume("pv", "standard", "1Gi")).editMetadata()
                .withDeletionTimestamp("2024-01-01T00:00:00Z").addToFinalizers("kubernetes.io/pv-protection")
                .endMetadata().build();
        assertThat(Protection.forVolume(withPhase(deleted, "Bound"))).isEqualTo(Change.NONE);
        assertThat(Protection.forVolume(withPhase(deleted, "Released"))).isEqualTo(Change.REMOVE_FINALIZER);
    }

    private static PersistentVolumeClaim protectedClaim(boolean deleted) {
        return new PersistentVolumeClaimBuilder(claim("data", "standard", "1Gi")).editMetadata()
                .withDeletionTimestamp(deleted ? "2024-01-01T00:00:00Z" : null)
                .addToFinalizers("kubernetes.io/pvc-protection").endMetadata().build();
    }
}
