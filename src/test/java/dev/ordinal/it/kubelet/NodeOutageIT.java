package dev.ordinal.it.kubelet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

import dev.ordinal.testing.Kubectl;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A node outage as kubectl sees it, on a paused clock: a node made unreachable through
 * {@code /ordinal/v1/nodes} goes NotReady with Unknown conditions and the unreachable taints once
 * the node-monitor grace period has passed; after the 300 seconds its pods tolerate, a
 * StatefulSet's pod on it is Terminating and stays so, not replaced, while a Deployment's pod is
 * replaced at once; force-deleted, the StatefulSet's pod is made again on another node with its
 * claim; the node back, it is Ready and untainted, and its kubelet finishes the deletion it could
 * not confirm.
 */
@ServerTest
@TestPropertySource(properties = {
        "ordinal.kubelet.start-delay=0", "ordinal.kubelet.ready-delay=0", "ordinal.kubelet.stop-delay=2s"})
class NodeOutageIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Longer than the controllers take to act, so a replacement that should not come would be seen. */
    private static final long HOLD_MILLIS = 2000;

    @LocalServerPort
    int port;

    Kubectl kubectl;
    ClusterApi api;
    String ns;
    String node;

    @BeforeEach
    void setUp() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        ns = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        kubectl = new Kubectl(port, ns);
        api = new ClusterApi(port);
        assertThat(kubectl.run("create", "namespace", ns).exitCode()).isZero();
    }

    @AfterEach
    void healthyAgain() {
        if (node != null) {
            api.post("/ordinal/v1/nodes/" + node + "/healthy", "");
        }
        api.post("/ordinal/v1/clock/resume", "");
    }

    @Test
    void aStatefulSetPodOnAnUnreachableNodeStaysTerminatingUntilForceDeleted() throws InterruptedException {
        Kubectl.Result applied = kubectl.run("apply", "-f", kubectl.file("web.yaml", """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: web}
                spec:
                  replicas: 1
                  serviceName: web
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: nginx, image: nginx}]}
                  volumeClaimTemplates:
                  - metadata: {name: data}
                    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
                """).toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
        String web0 = "/api/v1/namespaces/" + ns + "/pods/web-0";
        JsonNode running = api.await(web0, TIMEOUT, pod -> ready(pod).equals("True"));
        node = running.path("spec").path("nodeName").asString();
        String firstUid = running.path("metadata").path("uid").asString();
        // A Deployment's pod on the same node, to compare.
        assertThat(kubectl.run("create", "deployment", "api", "--image=nginx").exitCode()).isZero();
        assertThat(kubectl.run("patch", "deployment", "api", "-p", "{\"spec\":{\"template\":{\"spec\":"
                + "{\"nodeSelector\":{\"kubernetes.io/hostname\":\"" + node + "\"}}}}}").exitCode()).isZero();
        api.await("/apis/apps/v1/namespaces/" + ns + "/deployments/api", TIMEOUT,
                deployment -> deployment.path("status").path("readyReplicas").asInt() == 1
                        && deployment.path("status").path("updatedReplicas").asInt() == 1
                        && deployment.path("status").path("replicas").asInt() == 1);
        // The pod of the first template is gone too: only the pinned one is left.
        api.await("/api/v1/namespaces/" + ns + "/pods?labelSelector=app%3Dapi", TIMEOUT,
                list -> list.path("items").size() == 1);

        api.post("/ordinal/v1/clock/pause", "");
        JsonNode fault = api.post("/ordinal/v1/nodes/" + node + "/unreachable", "").body();
        assertThat(fault.path("fault").asString()).isEqualTo("unreachable");
        assertThat(api.get("/api/v1/nodes/" + node).body().path("metadata").path("annotations")
                .path("ordinal.dev/unreachable").asString()).isEqualTo("true");

        // Past the node-monitor grace period, the node is silent: Unknown, tainted, its pods not Ready.
        api.post("/ordinal/v1/clock/step?by=51s", "");
        api.await("/api/v1/nodes/" + node, TIMEOUT, n -> taints(n).contains("node.kubernetes.io/unreachable:NoExecute")
                && taints(n).contains("node.kubernetes.io/unreachable:NoSchedule"));
        Kubectl.Result nodes = kubectl.run("get", "nodes");
        assertThat(nodes.out()).containsPattern("(?m)^" + node + " +NotReady ");
        Kubectl.Result described = kubectl.run("describe", "node", node);
        assertThat(described.out())
                .contains("node.kubernetes.io/unreachable:NoExecute")
                .containsPattern("Ready +Unknown .*NodeStatusUnknown +Kubelet stopped posting node status\\.");
        api.await(web0, TIMEOUT, pod -> ready(pod).equals("False"));

        // After the 300 seconds of its default toleration, the pod is deleted; the kubelet cannot confirm.
        api.post("/ordinal/v1/clock/step?by=300s", "");
        api.await(web0, TIMEOUT, pod -> pod.path("metadata").has("deletionTimestamp"));
        api.post("/ordinal/v1/clock/step?by=60s", "");
        Thread.sleep(HOLD_MILLIS);
        JsonNode stuck = api.get(web0).body();
        assertThat(stuck.path("metadata").path("uid").asString()).isEqualTo(firstUid);
        assertThat(condition(stuck, "DisruptionTarget").path("reason").asString()).isEqualTo("DeletionByTaintManager");
        assertThat(kubectl.run("get", "pod", "web-0").out()).containsPattern("(?m)^web-0 +\\S+ +Terminating ");
        // The Deployment's pod was replaced while the old one is Terminating.
        JsonNode apiPods = api.get("/api/v1/namespaces/" + ns + "/pods?labelSelector=app%3Dapi").body();
        assertThat(apiPods.path("items").size()).isEqualTo(2);

        Kubectl.Result forced = kubectl.run("delete", "pod", "web-0", "--grace-period=0", "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        JsonNode replaced = api.await(web0, TIMEOUT, pod -> !pod.path("metadata").path("uid").asString().equals(firstUid)
                && ready(pod).equals("True"));
        assertThat(replaced.path("spec").path("nodeName").asString()).isNotEqualTo(node);
        assertThat(replaced.path("spec").path("volumes").path(0).path("persistentVolumeClaim").path("claimName")
                .asString()).isEqualTo("data-web-0");

        // Back: the kubelet reports Ready, the taints go, and the Deployment's old pod is finished off.
        api.post("/ordinal/v1/nodes/" + node + "/healthy", "");
        api.await("/api/v1/nodes/" + node, TIMEOUT, n -> taints(n).isEmpty() && ready(n).equals("True"));
        assertThat(kubectl.run("get", "nodes").out()).containsPattern("(?m)^" + node + " +Ready ");
        api.post("/ordinal/v1/clock/step?by=5s", "");
        api.await("/apis/apps/v1/namespaces/" + ns + "/deployments/api", TIMEOUT,
                deployment -> deployment.path("status").path("replicas").asInt() == 1);
        api.await("/api/v1/namespaces/" + ns + "/pods?labelSelector=app%3Dapi", TIMEOUT,
                list -> list.path("items").size() == 1);
    }

    private static String ready(JsonNode object) {
        return condition(object, "Ready").path("status").asString("");
    }

    private static JsonNode condition(JsonNode object, String type) {
        for (JsonNode condition : object.path("status").path("conditions")) {
            if (condition.path("type").asString("").equals(type)) {
                return condition;
            }
        }
        return MissingNode.getInstance();
    }

    private static List<String> taints(JsonNode node) {
        List<String> taints = new ArrayList<>();
        for (JsonNode taint : node.path("spec").path("taints")) {
            taints.add(taint.path("key").asString("") + ":" + taint.path("effect").asString(""));
        }
        return taints;
    }
}
