package dev.ordinal.registry.cluster;

import static dev.ordinal.registry.core.RegistrySteps.edited;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.core.RegistrySteps;

class EventsV1EventStrategyTest {

    private static final String EVENT = """
            {"metadata": {"name": "web-0.17f2a4c3b1d2e0f1", "namespace": "default"},
             "eventTime": "2025-03-01T10:00:00.000000Z", "type": "Normal", "reason": "Scheduled",
             "action": "Binding", "note": "Successfully assigned default/web-0 to node-1",
             "reportingController": "default-scheduler", "reportingInstance": "default-scheduler-ordinal",
             "regarding": {"kind": "Pod", "namespace": "default", "name": "web-0"}}
            """;

    private final RegistrySteps steps = new RegistrySteps(new ClusterResources().eventsV1());

    @Test
    void acceptsAWellFormedEvent() {
        Unstructured event = steps.created(EVENT);

        assertThat(event.json().get("deprecatedSource").isEmpty()).isTrue();
        assertThat(event.json().get("deprecatedFirstTimestamp").isNull()).isTrue();
    }

    @Test
    void requiresWhatTheNewApiRequiresUnderUpstreamsInternalNames() {
        assertThat(steps.createErrors("""
                {"metadata": {"name": "e", "namespace": "team-a"}, "type": "Info", "deprecatedCount": 3}
                """)).containsExactly(
                "involvedObject.namespace: Invalid value: \"\": does not match event.namespace",
                "eventTime: Required value",
                "type: Invalid value: \"\": has invalid value: Info",
                "count: Invalid value: \"\": needs to be unset");
    }

    @Test
    void onlyTheSeriesMayChange() {
        Unstructured old = steps.created(EVENT);

        assertThat(steps.updateErrors(old, edited(old, event -> event.put("note", "rescheduled")))).containsExactly(
                "message: Invalid value: \"rescheduled\": field is immutable");
        assertThat(steps.updateErrors(old, edited(old, event -> event.putObject("series")
                .put("count", 2).put("lastObservedTime", "2025-03-01T10:05:00.000000Z")))).isEmpty();
    }
}
