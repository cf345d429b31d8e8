package dev.ordinal.it.kubectl;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ordinal.testing.Kubectl;

import static dev.ordinal.it.kubectl.Printed.assertPrinted;
import static dev.ordinal.it.kubectl.Printed.line;
import static dev.ordinal.it.kubectl.Printed.lineStart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * DaemonSets driven with kubectl as on a real cluster of the three simulated nodes: apply, the
 * table columns, rollout status, set image, rollout history and undo, and OnDelete. The tests
 * build on each other, in order.
 */
@ContractServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlDaemonSetIT {

    private static final String NS = "daemons";
    private static final String HASH = "[4-9bcdf]{1,10}";

    @LocalServerPort
    int port;

    Kubectl kubectl;

    @BeforeAll
    void namespace() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        kubectl = new Kubectl(port, NS);
        assertPrinted(kubectl("create", "namespace", NS)).contains("namespace/daemons created");
    }

    private Kubectl.Result kubectl(String... args) {
        return kubectl.run(args);
    }

    private String get(String resource, String jsonPath) {
        Kubectl.Result result = kubectl("get", resource, "-o", "jsonpath=" + jsonPath);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result.out();
    }

    private void awaitRolledOut(String daemonSet) {
        assertPrinted(kubectl("rollout", "status", "ds/" + daemonSet, "--timeout=60s"))
                .contains("daemon set \"" + daemonSet + "\" successfully rolled out");
    }

    @Test
    @Order(1)
    void applyRunsOnePodPerNodeAndShowsTheColumns() {
        Path manifest = kubectl.file("agent.yaml", """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata:
                  name: agent
                spec:
                  selector:
                    matchLabels: {app: agent}
                  template:
                    metadata:
                      labels: {app: agent}
                    spec:
                      nodeSelector: {kubernetes.io/os: linux}
                      containers:
                      - name: agent
                        image: busybox:1.36
                """);
        assertPrinted(kubectl("apply", "-f", manifest.toString())).contains("daemonset.apps/agent created");
        awaitRolledOut("agent");

        assertPrinted(kubectl("get", "ds"))
                .containsPattern(line("NAME +DESIRED +CURRENT +READY +UP-TO-DATE +AVAILABLE +NODE SELECTOR +AGE"))
                .containsPattern(line("agent +3 +3 +3 +3 +3 +kubernetes.io/os=linux +\\d+s"));
        assertPrinted(kubectl("get", "daemonsets", "-o", "wide"))
                .containsPattern(line("NAME +DESIRED +CURRENT +READY +UP-TO-DATE +AVAILABLE +NODE SELECTOR +AGE"
                        + " +CONTAINERS +IMAGES +SELECTOR"))
                .containsPattern(line("agent +3 +3 +3 +3 +3 +kubernetes.io/os=linux +\\d+s +agent +busybox:1.36"
                        + " +app=agent"));
        assertPrinted(kubectl("get", "all")).containsPattern(lineStart("daemonset.apps/agent +3 +3 +3 +3 +3 +"));
        String nodes = get("pods", "{range .items[*]}{.spec.nodeName} {end}");
        assertThat(nodes.trim().split(" ")).hasSize(3).doesNotHaveDuplicates();
        assertThat(get("pods", "{.items[0].spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
                + ".nodeSelectorTerms[0].matchFields[0].key}")).isEqualTo("metadata.name");
        assertThat(get("pods", "{.items[0].metadata.labels.pod-template-generation}")).isEqualTo("1");
        assertThat(get("ds/agent", "{.metadata.annotations.deprecated\\.daemonset\\.template\\.generation}"))
                .isEqualTo("1");
        assertPrinted(kubectl("get", "controllerrevisions"))
                .containsPattern(line("agent-" + HASH + " +daemonset.apps/agent +1 +\\d+s"));
    }

    @Test
    @Order(2)
    void setImageRollsOutAndUndoRollsBack() {
        assertPrinted(kubectl("set", "image", "ds/agent", "agent=busybox:1.37"))
                .contains("daemonset.apps/agent image updated");
        awaitRolledOut("agent");
        assertThat(get("pods", "{range .items[*]}{.spec.containers[0].image} {end}").trim())
                .isEqualTo("busybox:1.37 busybox:1.37 busybox:1.37");
        assertThat(get("pods", "{.items[0].metadata.labels.pod-template-generation}")).isEqualTo("2");
        assertPrinted(kubectl("rollout", "history", "ds/agent"))
                .contains("daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n");

        assertPrinted(kubectl("rollout", "undo", "ds/agent")).contains("daemonset.apps/agent rolled back");
        awaitRolledOut("agent");
        assertThat(get("pods", "{range .items[*]}{.spec.containers[0].image} {end}").trim())
                .isEqualTo("busybox:1.36 busybox:1.36 busybox:1.36");
        assertPrinted(kubectl("rollout", "history", "ds/agent"))
                .contains("daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n");
        assertPrinted(kubectl("rollout", "undo", "ds/agent", "--to-revision=3"))
                .contains("daemonset.apps/agent skipped rollback (current template already matches revision 3)");
    }

    @Test
    @Order(3)
    void onDeleteReplacesOnlyDeletedPods() {
        assertPrinted(kubectl("patch", "ds/agent", "--type=merge", "-p",
                "{\"spec\":{\"updateStrategy\":{\"type\":\"OnDelete\",\"rollingUpdate\":null}}}"))
                .contains("daemonset.apps/agent patched");
        assertPrinted(kubectl("set", "image", "ds/agent", "agent=busybox:1.38"))
                .contains("daemonset.apps/agent image updated");
        Kubectl.Result status = kubectl("rollout", "status", "ds/agent");
        assertThat(status.exitCode()).isNotZero();
        assertThat(status.err()).contains("rollout status is only available for RollingUpdate strategy type");

        String victim = get("pods", "{.items[0].metadata.name}");
        assertPrinted(kubectl("delete", "pod", victim, "--wait=true")).contains("pod \"" + victim + "\" deleted");
        assertPrinted(kubectl("wait", "ds/agent", "--for=jsonpath={.status.updatedNumberScheduled}=1",
                "--timeout=60s")).contains("daemonset.apps/agent condition met");
        assertThat(get("pods", "{range .items[*]}{.spec.containers[0].image} {end}"))
                .containsOnlyOnce("busybox:1.38");
        assertPrinted(kubectl("get", "ds", "agent")).containsPattern(line("agent +3 +3 +3 +1 +3 +kubernetes.io/os=linux +\\d+s"));
    }
}
