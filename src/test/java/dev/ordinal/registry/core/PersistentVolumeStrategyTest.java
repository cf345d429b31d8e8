package dev.ordinal.registry.core;

import static dev.ordinal.registry.core.RegistrySteps.createErrors;
import static dev.ordinal.registry.core.RegistrySteps.created;
import static dev.ordinal.registry.core.RegistrySteps.edited;
import static dev.ordinal.registry.core.RegistrySteps.statusWritten;
import static dev.ordinal.registry.core.RegistrySteps.tree;
import static dev.ordinal.registry.core.RegistrySteps.updateErrors;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

class PersistentVolumeStrategyTest {

    private static final String VOLUME = """
            {"metadata": {"name": "pvc-1234"},
             "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
                      "hostPath": {"path": "/var/lib/ordinal/pvc-1234"}}}
            """;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
    private final PersistentVolumeStrategy strategy = new PersistentVolumeStrategy(clock);

    @Test
    void defaultsRetainAndFilesystemAndStartsPending() {
        Unstructured volume = created(strategy, VOLUME);

        assertThat(volume.json().get("spec")).isEqualTo(tree("""
                {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
                 "hostPath": {"path": "/var/lib/ordinal/pvc-1234", "type": ""},
                 "persistentVolumeReclaimPolicy": "Retain", "volumeMode": "Filesystem"}
                """));
        assertThat(volume.json().get("status")).isEqualTo(tree("""
                {"phase": "Pending", "lastPhaseTransitionTime": "2025-03-01T10:00:00Z"}
                """));
        assertThat(strategy.validate(volume)).isEmpty();
    }

    @Test
    void requiresCapacityAccessModesAndOneSource() {
        assertThat(createErrors(strategy, """
                {"metadata": {"name": "pv"}, "spec": {}}
                """)).containsExactly(
                "spec.accessModes: Required value",
                "spec.capacity: Required value",
                "spec.capacity: Unsupported value: core.ResourceList(nil): supported values: \"storage\"",
                "spec: Required value: must specify a volume type");
        assertThat(createErrors(strategy, VOLUME.replace("\"hostPath\"", "\"local\"")))
                .containsExactly("spec.nodeAffinity: Required value: Local volume requires node affinity");
        assertThat(createErrors(strategy, VOLUME.replace("\"hostPath\"",
                "\"csi\": {\"driver\": \"hostpath.csi.k8s.io\", \"volumeHandle\": \"v-1\"}, \"hostPath\"")))
                .containsExactly("spec.csi: Forbidden: may not specify more than 1 volume type");
    }

    @Test
    void theSourceIsFixedOnceCreated() {
        Unstructured old = created(strategy, VOLUME);

        assertThat(updateErrors(strategy, old, edited(old, volume -> ((ObjectNode) volume.at("/spec/hostPath"))
                .put("path", "/elsewhere")))).containsExactly(
                "spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation");
        assertThat(updateErrors(strategy, old, edited(old, volume -> ((ObjectNode) volume.get("spec"))
                .put("persistentVolumeReclaimPolicy", "Delete")))).isEmpty();
    }

    @Test
    void stampsEachPhaseChange() {
        Unstructured pending = created(strategy, VOLUME);
        clock.now = Instant.parse("2025-03-01T10:05:00Z");

        Unstructured available = statusWritten(strategy, pending, "{\"phase\": \"Available\"}");
        assertThat(available.json().at("/status/lastPhaseTransitionTime").asString()).isEqualTo("2025-03-01T10:05:00Z");

        clock.now = Instant.parse("2025-03-01T10:09:00Z");
        Unstructured stillAvailable = statusWritten(strategy, available, "{\"phase\": \"Available\"}");
        assertThat(stillAvailable.json().at("/status/lastPhaseTransitionTime").asString())
                .isEqualTo("2025-03-01T10:05:00Z");
    }

    /** A clock a test moves by hand. */
    private static final class MutableClock extends Clock {
        private Instant now;

        private MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
