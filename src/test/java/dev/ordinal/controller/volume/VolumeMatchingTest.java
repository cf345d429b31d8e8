package dev.ordinal.controller.volume;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import org.junit.jupiter.api.Test;

import static dev.ordinal.controller.volume.Fixtures.boundTo;
import static dev.ordinal.controller.volume.Fixtures.claim;
import static dev.ordinal.controller.volume.Fixtures.volume;
import static dev.ordinal.controller.volume.Fixtures.withPhase;
import static dev.ordinal.controller.volume.VolumeMatching.findBestMatch;
import static dev.ordinal.controller.volume.VolumeMatching.findMatchingVolume;
import static dev.ordinal.controller.volume.VolumeMatching.unsatisfied;
import static org.assertj.core.api.Assertions.assertThat;

class VolumeMatchingTest {

    private final PersistentVolumeClaim claim = claim("data", "manual", "2Gi", "ReadWriteOnce");

    @Test
    void theSmallestAvailableVolumeThatFitsWins() {
        List<PersistentVolume> volumes = List.of(volume("big", "manual", "10Gi", "ReadWriteOnce"),
                volume("fits", "manual", "3Gi", "ReadWriteOnce"), volume("small", "manual", "1Gi", "ReadWriteOnce"),
                volume("exact", "manual", "2048Mi", "ReadWriteOnce"));
        assertThat(findBestMatch(claim, volumes, false)).map(this::name).contains("exact");
    }

    @Test
    void volumesWithFewerAccessModesComeFirstEvenWhenLarger() {
        List<PersistentVolume> volumes = List.of(volume("many", "manual", "2Gi", "ReadWriteOnce", "ReadOnlyMany"),
                volume("one", "manual", "5Gi", "ReadWriteOnce"), volume("other", "manual", "2Gi", "ReadOnlyMany"));
        assertThat(findBestMatch(claim, volumes, false)).map(this::name).contains("one");
        assertThat(findBestMatch(claim("ro", "manual", "1Gi", "ReadOnlyMany", "ReadWriteOnce"), volumes, false))
                .map(this::name).contains("many");
    }

    @Test
    void classPhaseVolumeModeSelectorAndDeletionRuleVolumesOut() {
        PersistentVolume block = new PersistentVolumeBuilder(volume("block", "manual", "2Gi", "ReadWriteOnce"))
                .editSpec().withVolumeMode("Block").endSpec().build();
        PersistentVolume deleting = new PersistentVolumeBuilder(volume("deleting", "manual", "2Gi", "ReadWriteOnce"))
                .editMetadata().withDeletionTimestamp("2024-01-01T00:00:00Z").endMetadata().build();
        List<PersistentVolume> volumes = List.of(volume("fast", "fast", "2Gi", "ReadWriteOnce"),
                withPhase(volume("released", "manual", "2Gi", "ReadWriteOnce"), "Released"), block, deleting,
                boundTo(volume("taken", "manual", "2Gi", "ReadWriteOnce"), claim("other", "manual", "1Gi"), true));
        assertThat(findBestMatch(claim, volumes, false)).isEmpty();

        PersistentVolumeClaim gold = new PersistentVolumeClaimBuilder(claim).editSpec().withNewSelector()
                .addToMatchLabels("tier", "gold").endSelector().endSpec().build();
        PersistentVolume labelled = new PersistentVolumeBuilder(volume("gold", "manual", "5Gi", "ReadWriteOnce"))
                .editMetadata().addToLabels("tier", "gold").endMetadata().build();
        assertThat(findBestMatch(gold, List.of(volume("plain", "manual", "2Gi", "ReadWriteOnce"), labelled), false))
                .map(this::name).contains("gold");
    }

    @Test
    void aVolumePreBoundToTheClaimWinsWhateverItsPhaseAndEvenWhenBindingWaits() {
        PersistentVolume preBound = withPhase(boundTo(volume("mine", "manual", "5Gi", "ReadWriteOnce"), claim, false),
                "Pending");
        List<PersistentVolume> volumes = List.of(volume("fits", "manual", "2Gi", "ReadWriteOnce"), preBound);
        assertThat(findBestMatch(claim, volumes, false)).map(this::name).contains("mine");
        assertThat(findBestMatch(claim, volumes, true)).map(this::name).contains("mine");
        assertThat(findBestMatch(claim, List.of(volume("fits", "manual", "2Gi", "ReadWriteOnce")), true)).isEmpty();
    }

    @Test
    void onTheSchedulersPathNodeAffinityAndAccessModesCount() {
        PersistentVolume local = new PersistentVolumeBuilder(volume("local", "manual", "2Gi", "ReadWriteOnce"))
                .editSpec().withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey("kubernetes.io/hostname").withOperator("In").withValues("node-1").endMatchExpression()
                .endNodeSelectorTerm().endRequired().endNodeAffinity().endSpec().build();
        List<PersistentVolume> volumes = List.of(local, volume("readonly", "manual", "2Gi", "ReadOnlyMany"));
        assertThat(findMatchingVolume(claim, volumes, node("node-1"), true)).map(this::name).contains("local");
        assertThat(findMatchingVolume(claim, volumes, node("node-2"), true)).isEmpty();
    }

    @Test
    void aVolumeAskedForByNameMustSatisfyTheClaim() {
        assertThat(unsatisfied(volume("tiny", "manual", "1Gi", "ReadWriteOnce"), claim))
                .contains("requested PV is too small");
        assertThat(unsatisfied(volume("fast", "fast", "2Gi", "ReadWriteOnce"), claim))
                .contains("storageClassName does not match");
        assertThat(unsatisfied(volume("rox", "manual", "2Gi", "ReadOnlyMany"), claim))
                .contains("incompatible accessMode");
        assertThat(unsatisfied(volume("ok", "manual", "2Gi", "ReadWriteOnce", "ReadOnlyMany"), claim)).isEmpty();
    }

    @Test
    void nodeSelectorTermsAreAlternativesOfRequirementsThatAllHold() {
        PersistentVolume volume = new PersistentVolumeBuilder(volume("v", "manual", "1Gi"))
                .editSpec().withNewNodeAffinity().withNewRequired()
                .addNewNodeSelectorTerm()
                .addNewMatchExpression().withKey("zone").withOperator("In").withValues("a").endMatchExpression()
                .addNewMatchExpression().withKey("disks").withOperator("Gt").withValues("2").endMatchExpression()
                .endNodeSelectorTerm()
                .addNewNodeSelectorTerm()
                .addNewMatchExpression().withKey("spare").withOperator("Exists").endMatchExpression()
                .endNodeSelectorTerm()
                .endRequired().endNodeAffinity().endSpec().build();
        assertThat(NodeAffinity.allows(volume, Map.of("zone", "a", "disks", "3"))).isTrue();
        assertThat(NodeAffinity.allows(volume, Map.of("zone", "a", "disks", "2"))).isFalse();
        assertThat(NodeAffinity.allows(volume, Map.of("spare", ""))).isTrue();
        assertThat(NodeAffinity.allows(volume("free", "manual", "1Gi"), Map.of())).isTrue();
    }

    private static Node node(String name) {
        return new NodeBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name)
                .endMetadata().build();
    }

    private String name(PersistentVolume volume) {
        return volume.getMetadata().getName();
    }
}
