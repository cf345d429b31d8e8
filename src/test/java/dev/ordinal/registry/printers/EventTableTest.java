package dev.ordinal.registry.printers;

import static dev.ordinal.registry.printers.Rows.ago;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ordinal.registry.rest.TableConvertor.Column;

class EventTableTest {

    @Test
    void wideColumnsSitBetweenTheOthersAsKubectlShowsThem() {
        List<Column> columns = EventTable.coreV1().columns();
        assertThat(columns).extracting(Column::name).containsExactly("Last Seen", "Type", "Reason", "Object",
                "Subobject", "Source", "Message", "First Seen", "Count", "Name");
        assertThat(columns).extracting(Column::priority).containsExactly(0, 0, 0, 0, 1, 1, 0, 1, 1, 1);
        assertThat(columns.get(9).format()).isEqualTo("name");
        assertThat(EventTable.eventsV1().columns()).isEqualTo(columns);
    }

    @Test
    void coreEventWithTimestampsCountAndSource() {
        assertThat(Rows.row(EventTable.coreV1(), """
                {"metadata": {"name": "web.17a2b3c4d5e6f"},
                 "involvedObject": {"kind": "StatefulSet", "name": "web", "fieldPath": "spec.containers{nginx}"},
                 "reason": "SuccessfulCreate", "message": "  create Pod web-0 in StatefulSet web successful\\n",
                 "type": "Normal", "count": 3, "firstTimestamp": "%s", "lastTimestamp": "%s",
                 "source": {"component": "statefulset-controller", "host": "node-1"}}"""
                .formatted(ago("PT12M"), ago("PT30S"))))
                .containsExactly(entry("Last Seen", "30s"), entry("Type", "Normal"),
                        entry("Reason", "SuccessfulCreate"), entry("Object", "statefulset/web"),
                        entry("Subobject", "spec.containers{nginx}"), entry("Source", "statefulset-controller, node-1"),
                        entry("Message", "create Pod web-0 in StatefulSet web successful"),
                        entry("First Seen", "12m"), entry("Count", 3L), entry("Name", "web.17a2b3c4d5e6f"));
    }

    @Test
    void eventWithOnlyAnEventTimeHappenedOnceThen() {
        assertThat(Rows.row(EventTable.coreV1(), """
                {"metadata": {"name": "e"}, "involvedObject": {"kind": "Node"},
                 "eventTime": "2025-03-01T11:55:59.500000Z",
                 "reportingComponent": "kubelet", "reportingInstance": "node-1"}"""))
                .containsEntry("Last Seen", "4m").containsEntry("First Seen", "4m").containsEntry("Count", 1L)
                .containsEntry("Object", "node").containsEntry("Source", "kubelet, node-1");
    }

    @Test
    void eventWithoutAnyTimeIsOfUnknownAge() {
        assertThat(Rows.row(EventTable.coreV1(), """
                {"metadata": {"name": "e"}, "involvedObject": {"kind": "Pod", "name": "p"},
                 "source": {"component": "scheduler"}}"""))
                .containsEntry("Last Seen", "<unknown>").containsEntry("First Seen", "<unknown>")
                .containsEntry("Source", "scheduler");
    }

    @Test
    void seriesGivesTheLastSightingAndTheCount() {
        assertThat(Rows.row(EventTable.coreV1(), """
                {"metadata": {"name": "e"}, "involvedObject": {"kind": "Pod", "name": "p"}, "count": 1,
                 "eventTime": "%s", "series": {"count": 7, "lastObservedTime": "%s"}}"""
                .formatted(ago("PT3H"), ago("PT5S"))))
                .containsEntry("Last Seen", "5s").containsEntry("First Seen", "3h").containsEntry("Count", 7L);
    }

    @Test
    void eventsApiEventReadsItsOwnFieldNames() {
        assertThat(Rows.row(EventTable.eventsV1(), """
                {"metadata": {"name": "web-0.1"}, "type": "Warning", "reason": "FailedScheduling",
                 "regarding": {"kind": "Pod", "name": "web-0", "fieldPath": "spec"},
                 "note": "0/3 nodes are available", "eventTime": "%s",
                 "reportingController": "default-scheduler", "reportingInstance": "scheduler-1",
                 "deprecatedFirstTimestamp": "%s", "deprecatedLastTimestamp": "%s", "deprecatedCount": 4,
                 "deprecatedSource": {"component": "old-scheduler"}}"""
                .formatted(ago("PT1H"), ago("PT50M"), ago("PT10S"))))
                .containsExactly(entry("Last Seen", "10s"), entry("Type", "Warning"),
                        entry("Reason", "FailedScheduling"), entry("Object", "pod/web-0"), entry("Subobject", "spec"),
                        entry("Source", "old-scheduler, scheduler-1"), entry("Message", "0/3 nodes are available"),
                        entry("First Seen", "50m"), entry("Count", 4L), entry("Name", "web-0.1"));
    }
}
