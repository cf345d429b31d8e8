package dev.ordinal.controller.volume;

import java.util.Optional;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import org.junit.jupiter.api.Test;

import dev.ordinal.controller.volume.VolumeSync.Reclaim;
import dev.ordinal.controller.volume.VolumeSync.ReportModeMismatch;
import dev.ordinal.controller.volume.VolumeSync.SetPhase;
import dev.ordinal.controller.volume.VolumeSync.SyncClaim;
import dev.ordinal.controller.volume.VolumeSync.Unbind;

import static dev.ordinal.controller.volume.Fixtures.boundClaim;
import static dev.ordinal.controller.volume.Fixtures.boundTo;
import static dev.ordinal.controller.volume.Fixtures.claim;
import static dev.ordinal.controller.volume.Fixtures.volume;
import static dev.ordinal.controller.volume.VolumeSync.released;
import static dev.ordinal.controller.volume.VolumeSync.sync;
import static org.assertj.core.api.Assertions.assertThat;

class VolumeSyncTest {

    private final PersistentVolumeClaim claim = claim("data", "manual", "1Gi", "ReadWriteOnce");
    private final PersistentVolume volume = volume("pv", "manual", "1Gi", "ReadWriteOnce");

    @Test
    void unusedAndPreBoundVolumesAreAvailable() {
        assertThat(sync(volume, Optional.empty())).isEqualTo(new SetPhase("Available"));
        assertThat(sync(boundTo(volume, claim, false), Optional.of(claim))).isEqualTo(new SetPhase("Available"));
    }

    @Test
    void aVolumeWhoseClaimIsGoneOrReplacedIsReclaimed() {
        PersistentVolume bound = boundTo(volume, claim, true);
        assertThat(sync(bound, Optional.empty())).isEqualTo(new Reclaim());
        PersistentVolumeClaim replaced = new PersistentVolumeClaimBuilder(claim).editMetadata().withUid("uid-new")
                .endMetadata().build();
        assertThat(sync(bound, Optional.of(replaced))).isEqualTo(new Reclaim());
        assertThat(released(bound, Optional.of(replaced))).isTrue();
        assertThat(released(bound, Optional.of(claim))).isFalse();
    }

    @Test
    void aVolumeBoundToAClaimThatHasNotCaughtUpSyncsTheClaim() {
        PersistentVolume bound = boundTo(volume, claim, true);
        assertThat(sync(bound, Optional.of(claim))).isEqualTo(new SyncClaim("default/data"));
        PersistentVolumeClaim block = new PersistentVolumeClaimBuilder(claim).editSpec().withVolumeMode("Block")
                .endSpec().build();
        assertThat(sync(boundTo(volume, block, true), Optional.of(block))).isEqualTo(new ReportModeMismatch(block));
    }

    @Test
    void aVolumeWhoseClaimIsBoundToItIsBound() {
        assertThat(sync(boundTo(volume, claim, true), Optional.of(boundClaim(claim, "pv"))))
                .isEqualTo(new SetPhase("Bound"));
    }

    @Test
    void aVolumeWhoseClaimGotAnotherOneIsUnboundOrDeletedIfProvisionedForIt() {
        PersistentVolumeClaim elsewhere = boundClaim(claim, "other");
        PersistentVolume bound = boundTo(volume, claim, true);
        assertThat(sync(bound, Optional.of(elsewhere))).isEqualTo(new Unbind());
        assertThat(released(bound, Optional.of(elsewhere))).isTrue();

        PersistentVolume provisioned = new PersistentVolumeBuilder(bound).editMetadata()
                .addToAnnotations("pv.kubernetes.io/provisioned-by", "ordinal.dev/hostpath").endMetadata()
                .editSpec().withPersistentVolumeReclaimPolicy("Delete").endSpec().build();
        assertThat(sync(provisioned, Optional.of(elsewhere))).isEqualTo(new Reclaim());
    }
}
