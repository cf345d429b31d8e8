package dev.ordinal.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.NameRule;

class EventStrategyTest {

    private static final String EVENT = """
            {"metadata": {"name": "web.17f2a4c3b1d2e0f1", "namespace": "default"},
             "involvedObject": {"kind": "StatefulSet", "namespace": "default", "name": "web",
                                "uid": "6f1c", "apiVersion": "apps/v1", "resourceVersion": "42"},
             "reason": "SuccessfulCreate", "message": "create Pod web-0 in StatefulSet web successful",
             "source": {"component": "statefulset-controller"}, "type": "Normal", "count": 1,
             "firstTimestamp": "2025-03-01T10:00:00Z", "lastTimestamp": "2025-03-01T10:00:00Z"}
            """;

    private final EventStrategy strategy = new EventStrategy();
    private final RegistrySteps steps = new RegistrySteps(new CoreResources().events());

    @Test
    void writesTheFieldsGoWritesWhenEmpty() {
        Unstructured event = steps.created(EVENT);

        assertThat(event.json().get("eventTime").isNull()).isTrue();
        assertThat(event.json().get("reportingComponent").asString()).isEmpty();
        assertThat(event.json().get("reportingInstance").asString()).isEmpty();
    }

    @Test
    void selectsByUpstreamEventFields() {
        Unstructured event = steps.created(EVENT);

        assertThat(strategy.selectableFields(event)).isEqualTo(Map.ofEntries(
                Map.entry("involvedObject.kind", "StatefulSet"),
                Map.entry("involvedObject.namespace", "default"),
                Map.entry("involvedObject.name", "web"),
                Map.entry("involvedObject.uid", "6f1c"),
                Map.entry("involvedObject.apiVersion", "apps/v1"),
                Map.entry("involvedObject.resourceVersion", "42"),
                Map.entry("involvedObject.fieldPath", ""),
                Map.entry("reason", "SuccessfulCreate"),
                Map.entry("reportingComponent", ""),
                Map.entry("source", "statefulset-controller"),
                Map.entry("type", "Normal")));
        assertThat(strategy.selectableFieldNames()).isEqualTo(strategy.selectableFields(event).keySet());
    }

    @Test
    void theSourceOfANewStyleEventIsItsReportingController() {
        Unstructured event = steps.created("""
                {"metadata": {"name": "e", "namespace": "default"}, "reportingComponent": "kubelet"}
                """);

        assertThat(strategy.selectableFields(event)).containsEntry("source", "kubelet");
    }

    @Test
    void theInvolvedObjectIsInTheEventsNamespace() {
        assertThat(steps.createErrors(EVENT.replace("\"namespace\": \"default\", \"name\": \"web\"",
                "\"namespace\": \"other\", \"name\": \"web\""))).containsExactly(
                "involvedObject.namespace: Invalid value: \"other\": does not match event.namespace");
        assertThat(steps.createErrors("""
                {"metadata": {"name": "e", "namespace": "team-a"}, "reason": "Started"}
                """)).containsExactly("involvedObject.namespace: Invalid value: \"\": does not match event.namespace");
    }

    @Test
    void anEventWithATimeNeedsItsReporter() {
        assertThat(steps.createErrors("""
                {"metadata": {"name": "e", "namespace": "default"}, "eventTime": "2025-03-01T10:00:00.000000Z",
                 "involvedObject": {"namespace": "default"}, "reason": "Started"}
                """)).containsExactly(
                "reportingController: Required value",
                "reportingController: Invalid value: \"\": name part must be non-empty",
                "reportingController: Invalid value: \"\": name part must consist of alphanumeric characters, '-', "
                        + "'_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or "
                        + "'my.name',  or '123-abc', regex used for validation is "
                        + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                "reportingInstance: Required value",
                "action: Required value");
    }

    @Test
    void namesAreAnythingAPathCarries() {
        assertThat(strategy.nameRule()).isEqualTo(NameRule.PATH_SEGMENT);
    }
}
