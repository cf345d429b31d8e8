package dev.ordinal.it.kubectl;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import dev.ordinal.testing.Kubectl;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What {@code kubectl get} prints from the server's Tables: headers, wide headers, -A, and rows. */
@ServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlGetIT {

    private static final String NS = "printing";
    /** Any age these objects can have during the test: seconds, or minutes on a slow machine. */
    private static final String AGE = "\\d+s|\\d+m(\\d+s)?";

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private Kubectl kubectl;

    @BeforeAll
    void createObjects() throws Exception {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        kubectl = new Kubectl(port, NS);
        String now = Instant.now().toString();

        send("POST", "/api/v1/namespaces", """
                {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "printing"}}""");
        // No replicas, so that a StatefulSet controller leaves the row as it is: 0/0.
        JsonNode statefulSet = send("POST", "/apis/apps/v1/namespaces/printing/statefulsets", """
                {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web"},
                 "spec": {"replicas": 0, "serviceName": "web", "selector": {"matchLabels": {"app": "web"}},
                          "template": {"metadata": {"labels": {"app": "web"}},
                                       "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}}}}""");
        // A pod of no workload, bound to a node that no simulated kubelet runs.
        send("POST", "/api/v1/namespaces/printing/pods", """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "printer-0", "labels": {"app": "printer"}},
                 "spec": {"nodeName": "printing-node", "containers": [{"name": "app", "image": "busybox:1.36"}]}}""");
        patchStatus("/api/v1/namespaces/printing/pods/printer-0", """
                {"status": {"phase": "Running", "podIP": "10.244.0.7",
                            "conditions": [{"type": "Ready", "status": "True"}],
                            "containerStatuses": [{"name": "app", "image": "busybox:1.36", "imageID": "",
                                                   "ready": true, "restartCount": 0,
                                                   "state": {"running": {"startedAt": "%s"}}}]}}""".formatted(now));
        // A claim and its volume bound to each other, as a volume controller would leave them.
        JsonNode claim = send("POST", "/api/v1/namespaces/printing/persistentvolumeclaims", """
                {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data-printer-0"},
                 "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "printing-local",
                          "volumeName": "pv-printing-0", "volumeMode": "Filesystem",
                          "resources": {"requests": {"storage": "1Gi"}}}}""");
        send("POST", "/api/v1/persistentvolumes", """
                {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "pv-printing-0"},
                 "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
                          "persistentVolumeReclaimPolicy": "Retain", "storageClassName": "printing-local",
                          "hostPath": {"path": "/tmp/pv-printing-0"}, "volumeMode": "Filesystem",
                          "claimRef": {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "namespace": "printing",
                                       "name": "data-printer-0", "uid": "%s"}}}"""
                .formatted(claim.path("metadata").path("uid").asString()));
        patchStatus("/api/v1/persistentvolumes/pv-printing-0", """
                {"status": {"phase": "Bound"}}""");
        patchStatus("/api/v1/namespaces/printing/persistentvolumeclaims/data-printer-0", """
                {"status": {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"}}}""");
        // The PV controller runs too: one that saw the claim before its volume may have written
        // Pending over the status above, and settles on Bound once it sees both.
        await().atMost(Duration.ofSeconds(60)).until(() -> "Bound".equals(send("GET",
                "/api/v1/namespaces/printing/persistentvolumeclaims/data-printer-0", "")
                .path("status").path("phase").asString("")));
        send("POST", "/api/v1/namespaces/printing/services", """
                {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
                 "spec": {"type": "ClusterIP", "clusterIP": "None", "selector": {"app": "web"},
                          "ports": [{"name": "http", "port": 80, "protocol": "TCP"}]}}""");
        send("POST", "/api/v1/namespaces/printing/configmaps", """
                {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings"},
                 "data": {"a": "1", "b": "2"}}""");
        send("POST", "/api/v1/namespaces/printing/secrets", """
                {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "creds"}, "type": "Opaque",
                 "data": {"password": "c2VjcmV0"}}""");
        send("POST", "/api/v1/namespaces/printing/events", """
                {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "printer-0.1"},
                 "involvedObject": {"apiVersion": "v1", "kind": "Pod", "name": "printer-0", "namespace": "printing"},
                 "reason": "Pulled", "message": "Container image \\"busybox:1.36\\" already present on machine",
                 "type": "Normal", "count": 1, "firstTimestamp": "%s", "lastTimestamp": "%s",
                 "source": {"component": "kubelet", "host": "printing-node"}}""".formatted(now, now));
        send("POST", "/apis/apps/v1/namespaces/printing/controllerrevisions", """
                {"apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": {"name": "web-6d4b8c9f7",
                   "ownerReferences": [{"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "web",
                                        "uid": "%s", "controller": true, "blockOwnerDeletion": true}]},
                 "data": {}, "revision": 1}""".formatted(statefulSet.path("metadata").path("uid").asString()));
        send("POST", "/apis/storage.k8s.io/v1/storageclasses", """
                {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": "printing-local"},
                 "provisioner": "rancher.io/local-path"}""");
    }

    @Test
    void statefulSets() {
        List<List<String>> table = get("statefulsets");
        assertThat(table.get(0)).containsExactly("NAME", "READY", "AGE");
        assertRow(table.get(1), "web", "0/0", AGE);

        List<List<String>> wide = get("statefulsets", "-o", "wide");
        assertThat(wide.get(0)).containsExactly("NAME", "READY", "AGE", "CONTAINERS", "IMAGES");
        assertRow(wide.get(1), "web", "0/0", AGE, "nginx", "nginx:1.27");

        List<List<String>> all = get("statefulsets", "-A");
        assertThat(all.get(0)).containsExactly("NAMESPACE", "NAME", "READY", "AGE");
        assertThat(all).anySatisfy(row -> assertRow(row, "printing", "web", "0/0", AGE));
    }

    @Test
    void pods() {
        List<List<String>> table = get("pods");
        assertThat(table.get(0)).containsExactly("NAME", "READY", "STATUS", "RESTARTS", "AGE");
        assertRow(table.get(1), "printer-0", "1/1", "Running", "0", AGE);

        List<List<String>> wide = get("pods", "-o", "wide");
        assertThat(wide.get(0)).containsExactly("NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE",
                "NOMINATED NODE", "READINESS GATES");
        assertRow(wide.get(1), "printer-0", "1/1", "Running", "0", AGE, "10.244.0.7", "printing-node", "<none>",
                "<none>");
    }

    @Test
    void persistentVolumeClaims() {
        List<List<String>> table = get("pvc");
        assertThat(table.get(0)).containsExactly("NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES",
                "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE");
        assertRow(table.get(1), "data-printer-0", "Bound", "pv-printing-0", "1Gi", "RWO", "printing-local", "<unset>",
                AGE);

        List<List<String>> wide = get("pvc", "-o", "wide");
        assertThat(wide.get(0)).endsWith("AGE", "VOLUMEMODE");
        assertThat(wide.get(1)).endsWith("Filesystem");

        List<List<String>> volumes = get("pv");
        assertThat(volumes.get(0)).containsExactly("NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS",
                "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE");
        // The empty REASON cell leaves no column of its own in the split row.
        assertThat(volumes).anySatisfy(row -> assertRow(row, "pv-printing-0", "1Gi", "RWO", "Retain", "Bound",
                "printing/data-printer-0", "printing-local", "<unset>", AGE));
    }

    @Test
    void services() {
        List<List<String>> table = get("services");
        assertThat(table.get(0)).containsExactly("NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE");
        assertRow(table.get(1), "web", "ClusterIP", "None", "<none>", "80/TCP", AGE);

        List<List<String>> wide = get("services", "-o", "wide");
        assertThat(wide.get(0)).endsWith("AGE", "SELECTOR");
        assertThat(wide.get(1)).endsWith("app=web");
    }

    @Test
    void namespaces() {
        List<List<String>> table = get("namespaces");
        assertThat(table.get(0)).containsExactly("NAME", "STATUS", "AGE");
        assertThat(table).anySatisfy(row -> assertRow(row, "printing", "Active", AGE));
    }

    @Test
    void configMapsAndSecrets() {
        List<List<String>> configMaps = get("configmaps");
        assertThat(configMaps.get(0)).containsExactly("NAME", "DATA", "AGE");
        assertThat(configMaps).anySatisfy(row -> assertRow(row, "settings", "2", AGE));

        List<List<String>> secrets = get("secrets");
        assertThat(secrets.get(0)).containsExactly("NAME", "TYPE", "DATA", "AGE");
        assertThat(secrets).anySatisfy(row -> assertRow(row, "creds", "Opaque", "1", AGE));
    }

    @Test
    void events() {
        List<List<String>> table = get("events");
        assertThat(table.get(0)).containsExactly("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
        assertThat(table).anySatisfy(row -> assertRow(row, AGE, "Normal", "Pulled", "pod/printer-0",
                "Container image \"busybox:1.36\" already present on machine"));

        List<List<String>> wide = get("events", "-o", "wide");
        assertThat(wide.get(0)).containsExactly("LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE",
                "MESSAGE", "FIRST SEEN", "COUNT", "NAME");
        // The empty SUBOBJECT cell leaves no column of its own in the split row.
        assertThat(wide).anySatisfy(row -> assertRow(row, AGE, "Normal", "Pulled", "pod/printer-0",
                "kubelet, printing-node", "Container image \"busybox:1.36\" already present on machine", AGE, "1",
                "printer-0.1"));
    }

    @Test
    void controllerRevisions() {
        List<List<String>> table = get("controllerrevisions");
        assertThat(table.get(0)).containsExactly("NAME", "CONTROLLER", "REVISION", "AGE");
        assertThat(table).anySatisfy(row -> assertRow(row, "web-6d4b8c9f7", "statefulset.apps/web", "1", AGE));
    }

    @Test
    void storageClasses() {
        List<List<String>> table = get("storageclasses");
        assertThat(table.get(0)).containsExactly("NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE",
                "ALLOWVOLUMEEXPANSION", "AGE");
        assertThat(table).anySatisfy(row -> assertRow(row, "printing-local", "rancher.io/local-path", "Delete",
                "Immediate", "false", AGE));
        // The server's own default class, marked as kubectl marks the default one.
        assertThat(table).anySatisfy(row -> assertThat(row.get(0)).isEqualTo("standard (default)"));
    }

    /** kubectl's output split into lines and cells; tabwriter pads columns with at least three spaces. */
    private List<List<String>> get(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "get";
        System.arraycopy(args, 0, command, 1, args.length);
        Kubectl.Result result = kubectl.run(command);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).as(result.toString()).isNotEmpty();
        return result.out().lines().map(line -> Arrays.asList(line.strip().split(" {3,}"))).toList();
    }

    /** Cells equal the expected ones, where {@link #AGE} stands for any age in seconds. */
    private static void assertRow(List<String> row, String... expected) {
        assertThat(row).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            if (expected[i].equals(AGE)) {
                assertThat(row.get(i)).as("cell %d of %s", i, row).matches(AGE);
            } else {
                assertThat(row.get(i)).as("cell %d of %s", i, row).isEqualTo(expected[i]);
            }
        }
    }

    private JsonNode send(String method, String path, String body) throws IOException, InterruptedException {
        return request(method, path, "application/json", body);
    }

    private void patchStatus(String path, String body) throws IOException, InterruptedException {
        request("PATCH", path + "/status", "application/merge-patch+json", body);
    }

    private JsonNode request(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isBetween(200, 201);
        return json.readTree(response.body());
    }
}
