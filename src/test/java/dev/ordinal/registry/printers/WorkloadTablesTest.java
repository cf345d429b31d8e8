package dev.ordinal.registry.printers;

import static dev.ordinal.registry.printers.Rows.ago;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

/** StatefulSets and their ControllerRevisions, Deployments and ReplicaSets. */
class WorkloadTablesTest {

    @Test
    void statefulSetShowsReadyOverDesiredAndItsContainers() {
        StatefulSetTable table = new StatefulSetTable();
        assertThat(Rows.headers(table)).isEqualTo("NAME READY AGE | CONTAINERS IMAGES");
        assertThat(Rows.row(table, """
                {"metadata": {"name": "web", "creationTimestamp": "%s"},
                 "spec": {"replicas": 3, "template": {"spec": {"containers": [
                   {"name": "nginx", "image": "registry.k8s.io/nginx-slim:0.24"},
                   {"name": "log", "image": "busybox:1.36"}]}}},
                 "status": {"replicas": 3, "readyReplicas": 2}}""".formatted(ago("PT26H"))))
                .containsExactly(
                        entry("Name", "web"), entry("Ready", "2/3"), entry("Age", "26h"),
                        entry("Containers", "nginx,log"),
                        entry("Images", "registry.k8s.io/nginx-slim:0.24,busybox:1.36"));
    }

    @Test
    void statefulSetWithoutStatusHasNoneReady() {
        assertThat(Rows.row(new StatefulSetTable(), """
                {"metadata": {"name": "web"}, "spec": {"replicas": 2, "template": {"spec": {"containers": []}}}}"""))
                .containsEntry("Ready", "0/2").containsEntry("Age", "<unknown>")
                .containsEntry("Containers", "").containsEntry("Images", "");
    }

    @Test
    void controllerRevisionNamesItsControllerWithGroup() {
        ControllerRevisionTable table = new ControllerRevisionTable();
        assertThat(Rows.headers(table)).isEqualTo("NAME CONTROLLER REVISION AGE");
        assertThat(Rows.row(table, """
                {"metadata": {"name": "web-7b9f6c", "creationTimestamp": "%s", "ownerReferences": [
                   {"apiVersion": "v1", "kind": "Pod", "name": "not-the-controller"},
                   {"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "web", "controller": true}]},
                 "revision": 2}""".formatted(ago("PT3M"))))
                .containsExactly(entry("Name", "web-7b9f6c"), entry("Controller", "statefulset.apps/web"),
                        entry("Revision", 2L), entry("Age", "3m"));
    }

    @Test
    void controllerRevisionOfACoreKindOrOfNoController() {
        ControllerRevisionTable table = new ControllerRevisionTable();
        assertThat(Rows.row(table, """
                {"metadata": {"name": "r", "ownerReferences": [
                   {"apiVersion": "v1", "kind": "Pod", "name": "p", "controller": true}]}, "revision": 1}"""))
                .containsEntry("Controller", "pod/p");
        assertThat(Rows.row(table, """
                {"metadata": {"name": "r", "ownerReferences": [
                   {"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "web", "controller": false}]}}"""))
                .containsEntry("Controller", "<none>").containsEntry("Revision", 0L);
    }

    @Test
    void deploymentShowsReadyOverDesiredUpToDateAndAvailable() {
        DeploymentTable table = new DeploymentTable();
        assertThat(Rows.headers(table)).isEqualTo("NAME READY UP-TO-DATE AVAILABLE AGE | CONTAINERS IMAGES SELECTOR");
        assertThat(Rows.row(table, """
                {"metadata": {"name": "web", "creationTimestamp": "%s"},
                 "spec": {"replicas": 4, "selector": {"matchLabels": {"app": "web"},
                   "matchExpressions": [{"key": "tier", "operator": "In", "values": ["front"]}]},
                  "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}}},
                 "status": {"replicas": 5, "updatedReplicas": 2, "readyReplicas": 3, "availableReplicas": 3}}"""
                .formatted(ago("PT90S"))))
                .containsExactly(
                        entry("Name", "web"), entry("Ready", "3/4"), entry("Up-to-date", 2L), entry("Available", 3L),
                        entry("Age", "90s"), entry("Containers", "nginx"), entry("Images", "nginx:1.27"),
                        entry("Selector", "app=web,tier in (front)"));
    }

    @Test
    void deploymentWithoutSelectorShowsAnEmptySelector() {
        assertThat(Rows.row(new DeploymentTable(), """
                {"metadata": {"name": "web"}, "spec": {"replicas": 1, "template": {"spec": {"containers": []}}}}"""))
                .containsEntry("Ready", "0/1").containsEntry("Up-to-date", 0L).containsEntry("Selector", "");
    }

    @Test
    void replicaSetShowsDesiredCurrentAndReady() {
        ReplicaSetTable table = new ReplicaSetTable();
        assertThat(Rows.headers(table)).isEqualTo("NAME DESIRED CURRENT READY AGE | CONTAINERS IMAGES SELECTOR");
        assertThat(Rows.row(table, """
                {"metadata": {"name": "web-6b7c9d5f8", "creationTimestamp": "%s"},
                 "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web", "pod-template-hash": "6b7c9d5f8"}},
                  "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}}},
                 "status": {"replicas": 2, "readyReplicas": 1}}""".formatted(ago("PT3M"))))
                .containsExactly(
                        entry("Name", "web-6b7c9d5f8"), entry("Desired", 3L), entry("Current", 2L), entry("Ready", 1L),
                        entry("Age", "3m"), entry("Containers", "nginx"), entry("Images", "nginx:1.27"),
                        entry("Selector", "app=web,pod-template-hash=6b7c9d5f8"));
    }

    @Test
    void replicaSetWithoutSelectorShowsNone() {
        assertThat(Rows.row(new ReplicaSetTable(), """
                {"metadata": {"name": "rs"}, "spec": {"replicas": 1, "template": {"spec": {"containers": []}}}}"""))
                .containsEntry("Current", 0L).containsEntry("Selector", "<none>");
    }

    @Test
    void daemonSetShowsNodeCountsAndTheTemplatesNodeSelector() {
        DaemonSetTable table = new DaemonSetTable();
        assertThat(Rows.headers(table)).isEqualTo(
                "NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE | CONTAINERS IMAGES SELECTOR");
        assertThat(Rows.row(table, """
                {"metadata": {"name": "agent", "creationTimestamp": "%s"},
                 "spec": {"selector": {"matchLabels": {"app": "agent"}},
                  "template": {"spec": {"nodeSelector": {"zone": "b", "disk": "ssd"},
                   "containers": [{"name": "agent", "image": "busybox"}]}}},
                 "status": {"desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 2,
                  "updatedNumberScheduled": 1, "numberAvailable": 2}}""".formatted(ago("PT3M"))))
                .containsExactly(
                        entry("Name", "agent"), entry("Desired", 3L), entry("Current", 3L), entry("Ready", 2L),
                        entry("Up-to-date", 1L), entry("Available", 2L), entry("Node Selector", "disk=ssd,zone=b"),
                        entry("Age", "3m"), entry("Containers", "agent"), entry("Images", "busybox"),
                        entry("Selector", "app=agent"));
    }

    @Test
    void daemonSetWithoutNodeSelectorShowsNone() {
        assertThat(Rows.row(new DaemonSetTable(), """
                {"metadata": {"name": "agent"}, "spec": {"template": {"spec": {"containers": []}}}}"""))
                .containsEntry("Desired", 0L).containsEntry("Node Selector", "<none>").containsEntry("Selector", "<none>");
    }
}
