package dev.ordinal.registry.printers;

import static dev.ordinal.registry.printers.Rows.ago;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

/** Nodes, Namespaces, PodDisruptionBudgets and Leases. */
class ClusterTablesTest {

    private final NodeTable nodes = new NodeTable();

    @Test
    void readyNodeWithRolesAndSystemInfo() {
        assertThat(Rows.headers(nodes)).isEqualTo(
                "NAME STATUS ROLES AGE VERSION | INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME");
        assertThat(Rows.row(nodes, """
                {"metadata": {"name": "node-1", "creationTimestamp": "%s", "labels": {
                   "node-role.kubernetes.io/worker": "", "node-role.kubernetes.io/control-plane": "",
                   "node-role.kubernetes.io/": "", "kubernetes.io/role": "infra", "kubernetes.io/os": "linux"}},
                 "status": {"conditions": [{"type": "MemoryPressure", "status": "False"},
                                           {"type": "Ready", "status": "True"}],
                            "addresses": [{"type": "Hostname", "address": "node-1"},
                                          {"type": "InternalIP", "address": "172.18.0.2"},
                                          {"type": "InternalIP", "address": "172.18.0.3"}],
                            "nodeInfo": {"kubeletVersion": "v1.32.0", "osImage": "Debian GNU/Linux 12",
                                         "kernelVersion": "6.1.0", "containerRuntimeVersion": "containerd://1.7.24"}}}"""
                .formatted(ago("P9D"))))
                .containsExactly(entry("Name", "node-1"), entry("Status", "Ready"),
                        entry("Roles", "control-plane,infra,worker"), entry("Age", "9d"), entry("Version", "v1.32.0"),
                        entry("Internal-IP", "172.18.0.2"), entry("External-IP", "<none>"),
                        entry("OS-Image", "Debian GNU/Linux 12"), entry("Kernel-Version", "6.1.0"),
                        entry("Container-Runtime", "containerd://1.7.24"));
    }

    @Test
    void cordonedNodeThatIsNotReady() {
        assertThat(Rows.row(nodes, """
                {"metadata": {"name": "n"}, "spec": {"unschedulable": true},
                 "status": {"conditions": [{"type": "Ready", "status": "Unknown"}],
                            "addresses": [{"type": "ExternalIP", "address": "203.0.113.4"}]}}"""))
                .containsEntry("Status", "NotReady,SchedulingDisabled").containsEntry("Roles", "<none>")
                .containsEntry("External-IP", "203.0.113.4").containsEntry("Internal-IP", "<none>")
                .containsEntry("OS-Image", "<unknown>").containsEntry("Kernel-Version", "<unknown>")
                .containsEntry("Container-Runtime", "<unknown>").containsEntry("Version", "");
    }

    @Test
    void nodeWithoutAReadyConditionIsUnknown() {
        assertThat(Rows.row(nodes, """
                {"metadata": {"name": "n"}, "spec": {"unschedulable": true}}"""))
                .containsEntry("Status", "Unknown,SchedulingDisabled");
    }

    @Test
    void namespaceShowsItsPhase() {
        NamespaceTable table = new NamespaceTable();
        assertThat(Rows.headers(table)).isEqualTo("NAME STATUS AGE");
        assertThat(Rows.row(table, """
                {"metadata": {"name": "kube-system", "creationTimestamp": "%s"}, "status": {"phase": "Terminating"}}"""
                .formatted(ago("P800D"))))
                .containsExactly(entry("Name", "kube-system"), entry("Status", "Terminating"), entry("Age", "2y70d"));
    }

    @Test
    void disruptionBudgetShowsWhatIsSetAndNotApplicableForTheRest() {
        PodDisruptionBudgetTable table = new PodDisruptionBudgetTable();
        assertThat(Rows.headers(table)).isEqualTo("NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE");
        assertThat(table.columns().get(3).type()).isEqualTo("integer");
        assertThat(Rows.row(table, """
                {"metadata": {"name": "web", "creationTimestamp": "%s"}, "spec": {"minAvailable": 2},
                 "status": {"disruptionsAllowed": 1}}""".formatted(ago("PT8H"))))
                .containsExactly(entry("Name", "web"), entry("Min Available", "2"), entry("Max Unavailable", "N/A"),
                        entry("Allowed Disruptions", 1L), entry("Age", "8h"));
        assertThat(Rows.row(table, """
                {"metadata": {"name": "web"}, "spec": {"maxUnavailable": "25%"}}"""))
                .containsEntry("Min Available", "N/A").containsEntry("Max Unavailable", "25%")
                .containsEntry("Allowed Disruptions", 0L);
    }

    @Test
    void leaseShowsItsHolder() {
        LeaseTable table = new LeaseTable();
        assertThat(Rows.headers(table)).isEqualTo("NAME HOLDER AGE");
        assertThat(Rows.row(table, """
                {"metadata": {"name": "node-1", "creationTimestamp": "%s"}, "spec": {"holderIdentity": "node-1"}}"""
                .formatted(ago("PT7H30M"))))
                .containsExactly(entry("Name", "node-1"), entry("Holder", "node-1"), entry("Age", "7h30m"));
        assertThat(Rows.row(table, """
                {"metadata": {"name": "free"}, "spec": {}}""")).containsEntry("Holder", "");
    }
}
