package dev.ordinal.controller.volume;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import org.junit.jupiter.api.Test;

import dev.ordinal.controller.volume.ClaimSync.AssignClass;
import dev.ordinal.controller.volume.ClaimSync.Bind;
import dev.ordinal.controller.volume.ClaimSync.Lost;
import dev.ordinal.controller.volume.ClaimSync.Pending;
import dev.ordinal.controller.volume.ClaimSync.Provision;
import dev.ordinal.controller.volume.ClaimSync.ProvisionExternally;
import dev.ordinal.controller.volume.ClaimSync.Report;
import dev.ordinal.controller.volume.ClaimSync.SelectNode;

import static dev.ordinal.controller.volume.Fixtures.boundClaim;
import static dev.ordinal.controller.volume.Fixtures.boundTo;
import static dev.ordinal.controller.volume.Fixtures.claim;
import static dev.ordinal.controller.volume.Fixtures.pod;
import static dev.ordinal.controller.volume.Fixtures.storageClass;
import static dev.ordinal.controller.volume.Fixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

class ClaimSyncTest {

    private static final StorageClass STANDARD = new StorageClassBuilder(
            storageClass("standard", "ordinal.dev/hostpath", "Immediate")).editMetadata()
            .addToAnnotations("storageclass.kubernetes.io/is-default-class", "true").endMetadata().build();
    private static final StorageClass LOCAL = storageClass("local", "ordinal.dev/hostpath", "WaitForFirstConsumer");
    private static final StorageClass CSI = storageClass("csi", "csi.example.com", "Immediate");
    private static final StorageClass NONE = storageClass("none", "kubernetes.io/no-provisioner", "Immediate");

    @Test
    void anUnboundClaimTakesAMatchingVolume() {
        PersistentVolume volume = volume("pv", "standard", "1Gi", "ReadWriteOnce");
        assertThat(sync(claim("data", "standard", "1Gi", "ReadWriteOnce"), List.of(volume), List.of()))
                .isEqualTo(new Bind(volume));
    }

    @Test
    void withoutAMatchAClaimIsProvisionedByItsClassesProvisioner() {
        assertThat(sync(claim("data", "standard", "1Gi", "ReadWriteOnce"), List.of(), List.of()))
                .isEqualTo(new Provision(STANDARD));
        assertThat(sync(claim("data", "csi", "1Gi", "ReadWriteOnce"), List.of(), List.of()))
                .isEqualTo(new ProvisionExternally(CSI));
        assertThat(sync(claim("data", "none", "1Gi", "ReadWriteOnce"), List.of(), List.of()))
                .isEqualTo(new Report(VolumeEvent.warning("ProvisioningFailed",
                        "no volume plugin matched name: kubernetes.io/no-provisioner")));
        assertThat(sync(claim("data", "gone", "1Gi", "ReadWriteOnce"), List.of(), List.of())).isEqualTo(new Report(
                VolumeEvent.warning("ProvisioningFailed", "storageclass.storage.k8s.io \"gone\" not found")));
    }

    @Test
    void aClaimWithoutClassGetsTheDefaultOneAndAnEmptyClassWaitsForAVolume() {
        assertThat(sync(claim("data", null, "1Gi", "ReadWriteOnce"), List.of(), List.of()))
                .isEqualTo(new AssignClass("standard"));
        assertThat(sync(claim("data", "", "1Gi", "ReadWriteOnce"), List.of(), List.of())).isEqualTo(new Pending(
                Optional.of(VolumeEvent.normal("FailedBinding",
                        "no persistent volumes available for this claim and no storage class is set"))));
    }

    @Test
    void waitForFirstConsumerWaitsUntilAConsumerIsScheduled() {
        PersistentVolumeClaim claim = claim("data", "local", "1Gi", "ReadWriteOnce");
        assertThat(sync(claim, List.of(volume("pv", "local", "1Gi", "ReadWriteOnce")), List.of()))
                .isEqualTo(new Pending(Optional.of(VolumeEvent.normal("WaitForFirstConsumer",
                        "waiting for first consumer to be created before binding"))));
        assertThat(sync(claim, List.of(), List.of(pod("web-1", null, "data"), pod("web-0", null, "data"))))
                .isEqualTo(new Pending(Optional.of(VolumeEvent.normal("WaitForPodScheduled",
                        "waiting for pods web-0,web-1 to be scheduled"))));
        assertThat(sync(claim, List.of(), List.of(pod("web-0", "node-1", "data")))).isEqualTo(new SelectNode("node-1"));

        PersistentVolume local = volume("pv", "local", "1Gi", "ReadWriteOnce");
        assertThat(sync(claim, List.of(local), List.of(pod("web-0", "node-1", "data")))).isEqualTo(new Bind(local));

        PersistentVolumeClaim selected = new PersistentVolumeClaimBuilder(claim).editMetadata()
                .addToAnnotations("volume.kubernetes.io/selected-node", "node-1").endMetadata().build();
        assertThat(sync(selected, List.of(), List.of())).isEqualTo(new Provision(LOCAL));
    }

    @Test
    void aClaimAskingForAVolumeByNameIsBoundToItIfItFits() {
        PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder(
                claim("data", "standard", "2Gi", "ReadWriteOnce")).editSpec().withVolumeName("pv").endSpec().build();
        PersistentVolume fits = volume("pv", "standard", "2Gi", "ReadWriteOnce");
        assertThat(sync(claim, List.of(fits), List.of())).isEqualTo(new Bind(fits));
        assertThat(sync(claim, List.of(), List.of())).isEqualTo(new Pending(Optional.empty()));
        assertThat(sync(claim, List.of(volume("pv", "standard", "1Gi", "ReadWriteOnce")), List.of()))
                .isEqualTo(new Pending(Optional.of(VolumeEvent.warning("VolumeMismatch",
                        "Cannot bind to requested volume \"pv\": requested PV is too small"))));
        PersistentVolume taken = boundTo(fits, claim("other", "standard", "1Gi"), true);
        assertThat(sync(claim, List.of(taken), List.of())).isEqualTo(new Pending(Optional.of(
                VolumeEvent.warning("FailedBinding", "volume \"pv\" already bound to a different claim."))));
    }

    @Test
    void aBoundClaimWhoseVolumeIsGoneOrTakenIsLost() {
        PersistentVolumeClaim claim = boundClaim(claim("data", "standard", "1Gi", "ReadWriteOnce"), "pv");
        PersistentVolume volume = volume("pv", "standard", "1Gi", "ReadWriteOnce");
        assertThat(sync(claim, List.of(boundTo(volume, claim, true)), List.of()))
                .isEqualTo(new Bind(boundTo(volume, claim, true)));
        assertThat(sync(claim, List.of(volume), List.of())).isEqualTo(new Bind(volume));
        assertThat(sync(claim, List.of(), List.of())).isEqualTo(new Lost(VolumeEvent.warning("ClaimLost",
                "Bound claim has lost its PersistentVolume. Data on the volume is lost!")));
        assertThat(sync(claim, List.of(boundTo(volume, claim("other", "standard", "1Gi"), true)), List.of()))
                .isEqualTo(new Lost(VolumeEvent.warning("ClaimMisbound",
                        "Two claims are bound to the same volume, this one is bound incorrectly")));
    }

    private static ClaimSync.Action sync(PersistentVolumeClaim claim, Collection<PersistentVolume> volumes,
                                         Collection<Pod> pods) {
        Map<String, StorageClass> classes = Map.of("standard", STANDARD, "local", LOCAL, "csi", CSI, "none", NONE);
        return ClaimSync.sync(claim, new ClaimSync.Inputs(volumes, classes, pods, Map.of()));
    }
}
