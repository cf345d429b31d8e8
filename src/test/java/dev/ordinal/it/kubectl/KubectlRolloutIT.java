package dev.ordinal.it.kubectl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ordinal.testing.Kubectl;

import static dev.ordinal.it.kubectl.Printed.assertPrinted;
import static dev.ordinal.it.kubectl.Printed.awaitLine;
import static dev.ordinal.it.kubectl.Printed.line;
import static dev.ordinal.it.kubectl.Printed.lineStart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * StatefulSets driven with kubectl as on a real cluster: scale, rollout status with the messages of
 * waiting, partitioned and complete roll-outs, history and undo, restart, set image / env /
 * resources, a deleted pod coming back with its name and claim, and a drained node's pod moving.
 *
 * <p>A roll-out is held still where a test reads its progress with {@code minReadySeconds}: the
 * controller waits for every pod to have been ready that long before it replaces the next, as
 * upstream's does.
 */
@ContractServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlRolloutIT {

    private static final String NS = "rollout";
    /**
     * For sets whose pods a test deletes: a real kubelet takes a few seconds to stop a pod, and
     * {@code kubectl delete} waits for the pod it deleted to go, watching pods of that name from
     * what it lists. Stopped at once, the pod could be back under the same name before kubectl
     * lists, and kubectl would then wait for the new pod's deletion for good.
     */
    private static final String STOPS_LIKE_A_KUBELET = "ordinal.dev/stop-delay: 3s";

    @LocalServerPort
    int port;

    Kubectl kubectl;

    @BeforeAll
    void namespace() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        kubectl = new Kubectl(port, NS);
        assertPrinted(kubectl("create", "namespace", NS)).contains("namespace/rollout created");
    }

    private Kubectl.Result kubectl(String... args) {
        return kubectl.run(args);
    }

    private String get(String resource, String jsonPath) {
        Kubectl.Result result = kubectl("get", resource, "-o", "jsonpath=" + jsonPath);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result.out();
    }

    /**
     * Applies a set of {@code replicas} pods of busybox:1.36 with a claim template, more spec
     * lines, and annotations of its pod template (for the simulated kubelet).
     */
    private void applyStatefulSet(String name, int replicas, String extraSpec, String templateAnnotations) {
        String manifest = kubectl.file(name + ".yaml", """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: %1$s
                spec:
                  serviceName: %1$s
                  replicas: %2$d
                  selector:
                    matchLabels: {app: %1$s}
                  template:
                    metadata:
                      labels: {app: %1$s}
                      %4$s
                    spec:
                      containers:
                      - name: main
                        image: busybox:1.36
                  volumeClaimTemplates:
                  - metadata: {name: data}
                    spec:
                      accessModes: [ReadWriteOnce]
                      resources: {requests: {storage: 1Gi}}
                %3$s
                """.formatted(name, replicas, extraSpec.indent(2),
                templateAnnotations.isEmpty() ? "" : "annotations: {" + templateAnnotations + "}")).toString();
        assertPrinted(kubectl("apply", "-f", manifest)).contains("statefulset.apps/" + name + " created");
    }

    /** Waits until the controller has seen the set's latest spec. */
    private void awaitObserved(String name) {
        String generation = get("sts/" + name, "{.metadata.generation}");
        assertPrinted(kubectl("wait", "--for=jsonpath={.status.observedGeneration}=" + generation, "sts/" + name,
                "--timeout=60s")).contains("statefulset.apps/" + name + " condition met");
    }

    @Test
    @Order(1)
    void scale() {
        applyStatefulSet("db", 1, "", "");
        assertPrinted(kubectl("rollout", "status", "sts/db", "--timeout=60s"))
                .contains("partitioned roll out complete: 1 new pods have been updated...");

        assertPrinted(kubectl("scale", "statefulset", "db", "--replicas=3")).contains("statefulset.apps/db scaled");
        assertPrinted(kubectl("rollout", "status", "sts/db", "--timeout=60s"))
                .contains("partitioned roll out complete: 3 new pods have been updated...");
        assertPrinted(kubectl("get", "pods", "-l", "app=db"))
                .containsPattern(lineStart("db-0 +1/1 +Running")).containsPattern(lineStart("db-1 +1/1 +Running"))
                .containsPattern(lineStart("db-2 +1/1 +Running"));
        assertPrinted(kubectl("get", "sts", "db")).containsPattern(lineStart("db +3/3 +"));

        // --current-replicas is a precondition, checked against the Scale the server answers.
        assertPrinted(kubectl("scale", "sts", "db", "--current-replicas=2", "--replicas=1"))
                .contains("error: Expected replicas to be 2, was 3");
        assertPrinted(kubectl("scale", "sts", "db", "--current-replicas=3", "--replicas=2"))
                .contains("statefulset.apps/db scaled");
        assertPrinted(kubectl("wait", "--for=delete", "pod/db-2", "--timeout=60s")).doesNotContain("error");
        assertPrinted(kubectl("get", "sts", "db")).containsPattern(lineStart("db +2/2 +"));
        // The claim of the pod scaled away stays (whenScaled: Retain).
        assertPrinted(kubectl("get", "pvc", "data-db-2")).containsPattern(lineStart("data-db-2 +Bound +"));
    }

    @Test
    @Order(2)
    void aDeletedPodComesBackWithItsNameAndClaim() {
        applyStatefulSet("solo", 1, "", STOPS_LIKE_A_KUBELET);
        assertPrinted(kubectl("rollout", "status", "sts/solo", "--timeout=60s"))
                .contains("partitioned roll out complete: 1 new pods have been updated...");
        String podUid = get("pod/solo-0", "{.metadata.uid}");
        String claimUid = get("pvc/data-solo-0", "{.metadata.uid}");

        assertPrinted(kubectl("delete", "pod", "solo-0")).contains("pod \"solo-0\" deleted");
        assertPrinted(kubectl("wait", "--for=create", "pod/solo-0", "--timeout=60s")).contains("pod/solo-0 condition met");
        assertPrinted(kubectl("wait", "--for=condition=Ready", "pod/solo-0", "--timeout=60s"))
                .contains("pod/solo-0 condition met");

        assertThat(get("pod/solo-0", "{.metadata.uid}")).isNotEqualTo(podUid);
        assertThat(get("pod/solo-0", "{.spec.volumes[?(@.name==\"data\")].persistentVolumeClaim.claimName}"))
                .isEqualTo("data-solo-0");
        assertThat(get("pvc/data-solo-0", "{.metadata.uid}")).isEqualTo(claimUid);
        assertPrinted(kubectl("describe", "pod", "solo-0")).containsPattern(line(" +ClaimName: +data-solo-0"));
        assertPrinted(kubectl("delete", "sts", "solo", "--wait=false")).contains("statefulset.apps \"solo\" deleted");
    }

    @Test
    @Order(3)
    void rolloutStatusWaitsForPodsToBeReady() {
        applyStatefulSet("slow", 2, "", "ordinal.dev/never-ready: \"true\"");
        assertPrinted(kubectl("wait", "--for=jsonpath={.status.replicas}=1", "sts/slow", "--timeout=60s"))
                .contains("statefulset.apps/slow condition met");

        Kubectl.Result status = kubectl("rollout", "status", "sts/slow", "--timeout=1s");
        assertPrinted(status).contains("Waiting for 2 pods to be ready...")
                .contains("error: timed out waiting for the condition");
        assertThat(status.exitCode()).isNotZero();
        // OrderedReady: slow-1 waits for slow-0 to be ready.
        assertPrinted(kubectl("get", "pods", "-l", "app=slow"))
                .containsPattern(lineStart("slow-0 +0/1 +Running +0 +")).doesNotContain("slow-1");
        assertPrinted(kubectl("describe", "sts", "slow"))
                .containsPattern(line("Replicas: +2 desired \\| 1 total"))
                .containsPattern(line("Pods Status: +1 Running / 0 Waiting / 0 Succeeded / 0 Failed"));
        assertPrinted(kubectl("delete", "sts", "slow")).contains("statefulset.apps \"slow\" deleted");
    }

    @Test
    @Order(4)
    void partitionedRollingUpdateHistoryAndUndo() throws Exception {
        applyStatefulSet("part", 4, """
                updateStrategy:
                  type: RollingUpdate
                  rollingUpdate: {partition: 2}""", "");
        assertPrinted(kubectl("rollout", "status", "sts/part", "--timeout=60s"))
                .contains("partitioned roll out complete: 4 new pods have been updated...");
        String firstRevision = get("sts/part", "{.status.currentRevision}");

        assertPrinted(kubectl("patch", "sts", "part", "--type=merge", "-p", "{\"spec\":{\"minReadySeconds\":600}}"))
                .contains("statefulset.apps/part patched");
        assertPrinted(kubectl("set", "image", "sts/part", "main=busybox:1.37"))
                .contains("statefulset.apps/part image updated");
        awaitObserved("part");
        Kubectl.Result held = kubectl("rollout", "status", "sts/part", "--timeout=1s");
        assertPrinted(held).contains("Waiting for partitioned roll out to finish: 0 out of 2 new pods have been updated...")
                .contains("error: timed out waiting for the condition");
        assertPrinted(kubectl("describe", "sts", "part"))
                .containsPattern(line("Update Strategy: +RollingUpdate")).containsPattern(line("  Partition: +2"));

        Path watched = kubectl.home().resolve("part-pods.out");
        Process watch = kubectl.start(watched, "get", "pods", "-l", "app=part", "-w", "-L", "controller-revision-hash");
        try {
            awaitLine(watched, lineStart("part-3 +"));
            assertPrinted(kubectl("patch", "sts", "part", "--type=merge", "-p", "{\"spec\":{\"minReadySeconds\":0}}"))
                    .contains("statefulset.apps/part patched");
            assertPrinted(kubectl("rollout", "status", "sts/part", "--timeout=60s"))
                    .contains("partitioned roll out complete: 2 new pods have been updated...");
        } finally {
            watch.destroy();
        }
        String secondRevision = get("sts/part", "{.status.updateRevision}");
        assertThat(get("sts/part", "{.status.currentRevision}")).isEqualTo(firstRevision);
        assertPrinted(kubectl("get", "pods", "-l", "app=part", "-L", "controller-revision-hash"))
                .containsPattern(line("part-0 .* " + firstRevision)).containsPattern(line("part-1 .* " + firstRevision))
                .containsPattern(line("part-2 .* " + secondRevision)).containsPattern(line("part-3 .* " + secondRevision));
        // Ordinal 3 was updated before ordinal 2.
        List<String> rows = Files.readAllLines(watched);
        assertThat(firstIndex(rows, "part-3 .* " + secondRevision))
                .as(String.join("\n", rows)).isNotNegative()
                .isLessThan(firstIndex(rows, "part-2 .* " + secondRevision));

        assertPrinted(kubectl("patch", "sts", "part", "-p",
                "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":0}}}}"))
                .contains("statefulset.apps/part patched");
        assertPrinted(kubectl("rollout", "status", "sts/part", "--timeout=60s"))
                .contains("partitioned roll out complete: 4 new pods have been updated...");

        assertPrinted(kubectl("rollout", "history", "sts/part"))
                .containsPattern(line("REVISION +CHANGE-CAUSE"))
                .containsPattern(line("1 +<none>")).containsPattern(line("2 +<none>"));
        assertPrinted(kubectl("rollout", "history", "sts/part", "--revision=2"))
                .contains("statefulset.apps/part with revision #2")
                .containsPattern(line(" *Image:\\s+busybox:1\\.37"));

        assertPrinted(kubectl("rollout", "undo", "sts/part", "--to-revision=1"))
                .contains("statefulset.apps/part rolled back");
        assertPrinted(kubectl("rollout", "status", "sts/part", "--timeout=60s"))
                .contains("partitioned roll out complete: 4 new pods have been updated...");
        assertThat(get("sts/part", "{.spec.template.spec.containers[0].image}")).isEqualTo("busybox:1.36");
        // The revision rolled back to is renumbered as the newest.
        assertPrinted(kubectl("rollout", "history", "sts/part"))
                .containsPattern(line("2 +<none>")).containsPattern(line("3 +<none>"))
                .doesNotContainPattern(line("1 +<none>"));
        assertThat(get("sts/part", "{.status.updateRevision}")).isEqualTo(firstRevision);
        assertPrinted(kubectl("rollout", "undo", "sts/part", "--to-revision=3"))
                .contains("statefulset.apps/part skipped rollback (current template already matches revision 3)");
        assertPrinted(kubectl("rollout", "undo", "sts/part", "--to-revision=9"))
                .contains("error: unable to find specified revision 9 in history");
        assertPrinted(kubectl("rollout", "undo", "sts/part")).contains("statefulset.apps/part rolled back");
        assertThat(get("sts/part", "{.spec.template.spec.containers[0].image}")).isEqualTo("busybox:1.37");
        assertPrinted(kubectl("delete", "sts", "part")).contains("statefulset.apps \"part\" deleted");
    }

    @Test
    @Order(5)
    void rollingUpdateWithoutPartition() {
        // A strategy without rollingUpdate keeps none: kubectl then speaks of revisions, not partitions.
        applyStatefulSet("plain", 2, "updateStrategy: {type: RollingUpdate}", "");
        Kubectl.Result done = kubectl("rollout", "status", "sts/plain", "--timeout=60s");
        assertPrinted(done).contains("statefulset rolling update complete 2 pods at revision "
                + get("sts/plain", "{.status.currentRevision}") + "...");

        assertPrinted(kubectl("patch", "sts", "plain", "--type=merge", "-p", "{\"spec\":{\"minReadySeconds\":600}}"))
                .contains("statefulset.apps/plain patched");
        assertPrinted(kubectl("set", "image", "sts/plain", "main=busybox:1.37"))
                .contains("statefulset.apps/plain image updated");
        awaitObserved("plain");
        String updateRevision = get("sts/plain", "{.status.updateRevision}");
        assertPrinted(kubectl("rollout", "status", "sts/plain", "--timeout=1s"))
                .contains("waiting for statefulset rolling update to complete 0 pods at revision " + updateRevision + "...");

        assertPrinted(kubectl("patch", "sts", "plain", "--type=merge", "-p", "{\"spec\":{\"minReadySeconds\":0}}"))
                .contains("statefulset.apps/plain patched");
        assertPrinted(kubectl("rollout", "status", "sts/plain", "--timeout=60s"))
                .contains("statefulset rolling update complete 2 pods at revision " + updateRevision + "...");
        assertPrinted(kubectl("delete", "sts", "plain")).contains("statefulset.apps \"plain\" deleted");
    }

    @Test
    @Order(6)
    void onDeleteUpdatesOnlyDeletedPods() {
        applyStatefulSet("manual", 2, "updateStrategy: {type: OnDelete}", STOPS_LIKE_A_KUBELET);
        assertPrinted(kubectl("wait", "--for=jsonpath={.status.readyReplicas}=2", "sts/manual", "--timeout=60s"))
                .contains("statefulset.apps/manual condition met");
        assertPrinted(kubectl("rollout", "status", "sts/manual"))
                .contains("error: rollout status is only available for RollingUpdate strategy type");
        String oldRevision = get("sts/manual", "{.status.currentRevision}");

        assertPrinted(kubectl("set", "image", "sts/manual", "main=busybox:1.37"))
                .contains("statefulset.apps/manual image updated");
        awaitObserved("manual");
        String newRevision = get("sts/manual", "{.status.updateRevision}");
        assertThat(newRevision).isNotEqualTo(oldRevision);
        assertPrinted(kubectl("get", "pods", "-l", "app=manual", "-L", "controller-revision-hash"))
                .containsPattern(line("manual-0 .* " + oldRevision)).containsPattern(line("manual-1 .* " + oldRevision));

        assertPrinted(kubectl("delete", "pod", "manual-1")).contains("pod \"manual-1\" deleted");
        assertPrinted(kubectl("wait", "--for=create", "pod/manual-1", "--timeout=60s"))
                .contains("pod/manual-1 condition met");
        assertPrinted(kubectl("get", "pods", "-l", "app=manual", "-L", "controller-revision-hash"))
                .containsPattern(line("manual-0 .* " + oldRevision)).containsPattern(line("manual-1 .* " + newRevision));
        assertPrinted(kubectl("delete", "sts", "manual")).contains("statefulset.apps \"manual\" deleted");
    }

    @Test
    @Order(7)
    void setImageEnvAndResources() {
        assertPrinted(kubectl("set", "image", "sts/db", "main=busybox:1.37")).contains("statefulset.apps/db image updated");
        assertPrinted(kubectl("set", "env", "sts/db", "MODE=fast")).contains("statefulset.apps/db env updated");
        assertPrinted(kubectl("set", "env", "sts/db", "--list"))
                .containsPattern(line("# StatefulSet db, container main")).containsPattern(line("MODE=fast"));
        assertPrinted(kubectl("set", "resources", "sts/db", "-c", "main", "--limits=cpu=200m,memory=128Mi",
                "--requests=cpu=100m")).contains("statefulset.apps/db resource requirements updated");
        assertPrinted(kubectl("set", "image", "sts/db", "nope=busybox:1.37"))
                .contains("error: unable to find container named \"nope\"");
        assertThat(get("sts/db", "{.spec.template.spec.containers[0].resources}"))
                .isEqualTo("{\"limits\":{\"cpu\":\"200m\",\"memory\":\"128Mi\"},\"requests\":{\"cpu\":\"100m\"}}");

        assertPrinted(kubectl("rollout", "status", "sts/db", "--timeout=60s"))
                .contains("partitioned roll out complete: 2 new pods have been updated...");
        assertThat(get("pod/db-0", "{.spec.containers[0].image} {.spec.containers[0].env[0].name}"))
                .isEqualTo("busybox:1.37 MODE");
        assertPrinted(kubectl("describe", "pod", "db-0"))
                .containsPattern(line(" +Image: +busybox:1\\.37"))
                .containsPattern(line(" +Limits:")).containsPattern(line(" +cpu: +200m"))
                .containsPattern(line(" +memory: +128Mi")).containsPattern(line(" +MODE: +fast"))
                .containsPattern(line("QoS Class: +Burstable"));

        assertPrinted(kubectl("set", "env", "sts/db", "MODE-")).contains("statefulset.apps/db env updated");
        assertThat(get("sts/db", "{.spec.template.spec.containers[0].env}")).isEmpty();
    }

    @Test
    @Order(8)
    void restart() {
        assertPrinted(kubectl("rollout", "status", "sts/db", "--timeout=60s"))
                .contains("partitioned roll out complete: 2 new pods have been updated...");
        String before = get("sts/db", "{.status.updateRevision}");
        assertPrinted(kubectl("rollout", "restart", "statefulset/db")).contains("statefulset.apps/db restarted");
        awaitObserved("db");
        assertPrinted(kubectl("rollout", "status", "sts/db", "--timeout=60s"))
                .contains("partitioned roll out complete: 2 new pods have been updated...");
        String after = get("sts/db", "{.status.updateRevision}");
        assertThat(after).isNotEqualTo(before);
        assertThat(get("pod/db-1", "{.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}"))
                .matches("20[0-9]{2}-[0-9]{2}-[0-9]{2}T.*");
        assertPrinted(kubectl("get", "pods", "-l", "app=db", "-L", "controller-revision-hash"))
                .containsPattern(line("db-0 .* " + after)).containsPattern(line("db-1 .* " + after));
    }

    @Test
    @Order(9)
    void drainMovesAPodToAnotherNodeWithItsClaim() {
        String node = get("pod/db-1", "{.spec.nodeName}");
        String claimUid = get("pvc/data-db-1", "{.metadata.uid}");
        try {
            // kubectl drain evicts each pod through pods/eviction. --force and --delete-emptydir-data:
            // other tests leave pods without a controller or with emptyDir volumes on the shared
            // server's nodes.
            assertPrinted(kubectl("drain", node, "--ignore-daemonsets", "--force", "--delete-emptydir-data",
                    "--timeout=60s"))
                    .contains("node/" + node + " cordoned").contains("pod/db-1 evicted")
                    .contains("node/" + node + " drained");
            assertPrinted(kubectl("wait", "--for=create", "pod/db-1", "--timeout=60s")).contains("pod/db-1 condition met");
            assertPrinted(kubectl("wait", "--for=condition=Ready", "pod/db-1", "--timeout=60s"))
                    .contains("pod/db-1 condition met");
            assertThat(get("pod/db-1", "{.spec.nodeName}")).isNotEqualTo(node);
            assertThat(get("pvc/data-db-1", "{.metadata.uid}")).isEqualTo(claimUid);
        } finally {
            assertPrinted(kubectl("uncordon", node)).contains("node/" + node + " uncordoned");
        }
    }

    private static int firstIndex(List<String> rows, String regex) {
        Pattern pattern = Pattern.compile(regex);
        for (int i = 0; i < rows.size(); i++) {
            if (pattern.matcher(rows.get(i)).find()) {
                return i;
            }
        }
        return -1;
    }

}
