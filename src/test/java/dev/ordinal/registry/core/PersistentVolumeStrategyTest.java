package dev.ordinal.registry.core;

import static dev.ordinal.registry.core.RegistrySteps.edited;
import static dev.ordinal.registry.core.RegistrySteps.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.testing.MemoryRegistry;

class PersistentVolumeStrategyTest {

    private static final String VOLUME = """
            {"metadata": {"name": "pvc-1234"},
             "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
                      "hostPath": {"path": "/var/lib/ordinal/pvc-1234"}}}
            """;

    private final MemoryRegistry memory = new MemoryRegistry();
    private final RegistrySteps steps = new RegistrySteps(memory,
            new CoreResources().persistentVolumes(memory.clock()));

    @Test
    void defaultsRetainAndFilesystemAndStartsPending() {
        Unstructured volume = steps.created(VOLUME);

        assertThat(volume.json().get("spec")).isEqualTo(tree("""
                {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
                 "hostPath": {"path": "/var/lib/ordinal/pvc-1234", "type": ""},
                 "persistentVolumeReclaimPolicy": "Retain", "volumeMode": "Filesystem"}
                """));
        assertThat(volume.json().get("status")).isEqualTo(tree("""
                {"phase": "Pending", "lastPhaseTransitionTime": "2024-01-01T00:00:00Z"}
                """));
    }

    @Test
    void requiresCapacityAccessModesAndOneSource() {
        assertThat(steps.createErrors("""
                {"metadata": {"name": "pv"}, "spec": {}}
                """)).containsExactly(
                "spec.accessModes: Required value",
                "spec.capacity: Required value",
                "spec.capacity: Unsupported value: core.ResourceList(nil): supported values: \"storage\"",
                "spec: Required value: must specify a volume type");
        assertThat(steps.createErrors(VOLUME.replace("\"hostPath\"", "\"local\"")))
                .containsExactly("spec.nodeAffinity: Required value: Local volume requires node affinity");
        assertThat(steps.createErrors(VOLUME.replace("\"hostPath\"",
                "\"csi\": {\"driver\": \"hostpath.csi.k8s.io\", \"volumeHandle\": \"v-1\"}, \"hostPath\"")))
                .containsExactly("spec.csi: Forbidden: may not specify more than 1 volume type");
    }

    @Test
    void theSourceIsFixedOnceCreated() {
        Unstructured old = steps.created(VOLUME);

        assertThat(steps.updateErrors(old, edited(old, volume -> ((ObjectNode) volume.at("/spec/hostPath"))
                .put("path", "/elsewhere")))).containsExactly(
                "spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation");
        assertThat(steps.updateErrors(old, edited(old, volume -> ((ObjectNode) volume.get("spec"))
                .put("persistentVolumeReclaimPolicy", "Delete")))).isEmpty();
    }

    @Test
    void stampsEachPhaseChange() {
        Unstructured pending = steps.created(VOLUME);
        memory.clock().advance(Duration.ofMinutes(5));

        Unstructured available = steps.statusWritten(pending, "{\"phase\": \"Available\"}");
        assertThat(available.json().at("/status/lastPhaseTransitionTime").asString()).isEqualTo("2024-01-01T00:05:00Z");

        memory.clock().advance(Duration.ofMinutes(4));
        Unstructured stillAvailable = steps.statusWritten(available, "{\"phase\": \"Available\"}");
        assertThat(stillAvailable.json().at("/status/lastPhaseTransitionTime").asString())
                .isEqualTo("2024-01-01T00:05:00Z");
    }
}
