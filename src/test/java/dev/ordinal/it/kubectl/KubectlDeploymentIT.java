package dev.ordinal.it.kubectl;

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
 * Deployments and ReplicaSets driven with kubectl as on a real cluster: create deployment, the
 * table columns, scale, set image, rollout status, history, undo, pause, resume and restart, and a
 * rollout that passes its progress deadline. The tests build on each other, in order.
 */
@ContractServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlDeploymentIT {

    private static final String NS = "deploy";
    private static final String HASH = "[4-9bcdf]{1,10}";

    @LocalServerPort
    int port;

    Kubectl kubectl;

    @BeforeAll
    void namespace() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        kubectl = new Kubectl(port, NS);
        assertPrinted(kubectl("create", "namespace", NS)).contains("namespace/deploy created");
    }

    private Kubectl.Result kubectl(String... args) {
        return kubectl.run(args);
    }

    private String get(String resource, String jsonPath) {
        Kubectl.Result result = kubectl("get", resource, "-o", "jsonpath=" + jsonPath);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result.out();
    }

    private void awaitRolledOut(String deployment) {
        assertPrinted(kubectl("rollout", "status", "deployment/" + deployment, "--timeout=60s"))
                .contains("deployment \"" + deployment + "\" successfully rolled out");
    }

    @Test
    @Order(1)
    void createDeploymentShowsItsColumnsAndScales() {
        assertPrinted(kubectl("create", "deployment", "web", "--image=nginx:1.26", "--replicas=2"))
                .contains("deployment.apps/web created");
        awaitRolledOut("web");

        assertPrinted(kubectl("get", "deploy", "web"))
                .containsPattern(line("NAME +READY +UP-TO-DATE +AVAILABLE +AGE"))
                .containsPattern(lineStart("web +2/2 +2 +2 +\\d+s"));
        assertPrinted(kubectl("get", "deployments", "-o", "wide"))
                .containsPattern(line("NAME +READY +UP-TO-DATE +AVAILABLE +AGE +CONTAINERS +IMAGES +SELECTOR"))
                .containsPattern(line("web +2/2 +2 +2 +\\d+s +nginx +nginx:1.26 +app=web"));
        assertPrinted(kubectl("get", "rs", "-o", "wide"))
                .containsPattern(line("NAME +DESIRED +CURRENT +READY +AGE +CONTAINERS +IMAGES +SELECTOR"))
                .containsPattern(line("web-" + HASH + " +2 +2 +2 +\\d+s +nginx +nginx:1.26 +app=web,pod-template-hash="
                        + HASH));
        String hash = get("rs", "{.items[0].metadata.labels.pod-template-hash}");
        assertPrinted(kubectl("get", "pods", "-l", "app=web"))
                .containsPattern(lineStart("web-" + hash + "-[bcdfghjklmnpqrstvwxz2456789]{5} +1/1 +Running"));
        assertThat(get("deploy/web", "{.metadata.annotations.deployment\\.kubernetes\\.io/revision}")).isEqualTo("1");

        assertPrinted(kubectl("scale", "deployment", "web", "--replicas=4")).contains("deployment.apps/web scaled");
        awaitRolledOut("web");
        assertPrinted(kubectl("get", "rs")).containsPattern(lineStart("web-" + hash + " +4 +4 +4 +"));
        assertThat(get("rs/web-" + hash, "{.metadata.annotations.deployment\\.kubernetes\\.io/desired-replicas}"))
                .isEqualTo("4");
        assertPrinted(kubectl("get", "all"))
                .containsPattern(lineStart("deployment.apps/web +4/4 +4 +4 +"))
                .containsPattern(lineStart("replicaset.apps/web-" + hash + " +4 +4 +4 +"));
        assertPrinted(kubectl("describe", "deployment", "web"))
                .containsPattern(line("Replicas: +4 desired \\| 4 updated \\| 4 total \\| 4 available \\| 0 unavailable"))
                .containsPattern(line("StrategyType: +RollingUpdate"))
                .containsPattern(line("RollingUpdateStrategy: +25% max unavailable, 25% max surge"))
                .containsPattern(line("NewReplicaSet: +web-" + hash + " \\(4/4 replicas created\\)"))
                .contains("Scaled up replica set web-" + hash + " to 2")
                .contains("Scaled up replica set web-" + hash + " to 4 from 2");
    }

    @Test
    @Order(2)
    void setImageRollsOutAndUndoRollsBack() {
        assertPrinted(kubectl("set", "image", "deployment/web", "nginx=nginx:1.27"))
                .contains("deployment.apps/web image updated");
        awaitRolledOut("web");
        assertPrinted(kubectl("get", "rs"))
                .containsPattern(lineStart("web-" + HASH + " +4 +4 +4 +"))
                .containsPattern(lineStart("web-" + HASH + " +0 +0 +0 +"));
        assertPrinted(kubectl("rollout", "history", "deployment/web"))
                .contains("deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n");

        assertPrinted(kubectl("rollout", "undo", "deployment/web")).contains("deployment.apps/web rolled back");
        awaitRolledOut("web");
        assertThat(get("pods", "{.items[*].spec.containers[0].image}").split(" ")).hasSize(4)
                .containsOnly("nginx:1.26");
        assertPrinted(kubectl("rollout", "history", "deployment/web"))
                .contains("REVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n");
        assertPrinted(kubectl("rollout", "history", "deployment/web", "--revision=3"))
                .contains("deployment.apps/web with revision #3").containsPattern(line(" +Image:\\s+nginx:1.26"));
        assertThat(get("deploy/web", "{.metadata.annotations.deployment\\.kubernetes\\.io/revision}")).isEqualTo("3");

        Kubectl.Result missing = kubectl("rollout", "undo", "deployment/web", "--to-revision=9");
        assertPrinted(missing).contains("unable to find specified revision 9 in history");
        assertThat(missing.exitCode()).isNotZero();
    }

    @Test
    @Order(3)
    void aPausedDeploymentWaitsForResume() {
        assertPrinted(kubectl("rollout", "pause", "deployment/web")).contains("deployment.apps/web paused");
        assertPrinted(kubectl("set", "image", "deployment/web", "nginx=nginx:1.28"))
                .contains("deployment.apps/web image updated");
        assertPrinted(kubectl("wait", "--for=jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}"
                + "=DeploymentPaused", "deployment/web", "--timeout=60s")).contains("condition met");
        assertPrinted(kubectl("get", "deploy", "web")).containsPattern(lineStart("web +4/4 +0 +4 +"));
        assertThat(get("rs", "{.items[*].metadata.name}").split(" ")).hasSize(2);
        Kubectl.Result undo = kubectl("rollout", "undo", "deployment/web");
        assertPrinted(undo).contains("you cannot rollback a paused deployment; resume it first with "
                + "'kubectl rollout resume' and try again");

        assertPrinted(kubectl("rollout", "resume", "deployment/web")).contains("deployment.apps/web resumed");
        awaitRolledOut("web");
        assertThat(get("pods", "{.items[*].spec.containers[0].image}").split(" ")).containsOnly("nginx:1.28");
        assertThat(get("rs", "{.items[*].metadata.name}").split(" ")).hasSize(3);
    }

    @Test
    @Order(4)
    void restartRollsOutTheSameImageAgain() {
        String before = get("pods", "{.items[*].metadata.name}");

        assertPrinted(kubectl("rollout", "restart", "deployment/web")).contains("deployment.apps/web restarted");
        awaitRolledOut("web");

        assertThat(get("deploy/web", "{.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}"))
                .isNotEmpty();
        String after = get("pods", "{.items[*].metadata.name}");
        assertThat(after.split(" ")).hasSize(4).doesNotContainAnyElementsOf(java.util.List.of(before.split(" ")));
        assertThat(get("deploy/web", "{.metadata.annotations.deployment\\.kubernetes\\.io/revision}")).isEqualTo("5");
    }

    @Test
    @Order(5)
    void aRolloutThatMakesNoProgressExceedsItsDeadline() {
        String manifest = kubectl.file("stuck.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: stuck
                spec:
                  replicas: 1
                  progressDeadlineSeconds: 2
                  selector:
                    matchLabels: {app: stuck}
                  template:
                    metadata:
                      labels: {app: stuck}
                      annotations: {ordinal.dev/never-ready: "true"}
                    spec:
                      containers:
                      - name: main
                        image: busybox:1.36
                """).toString();
        assertPrinted(kubectl("apply", "-f", manifest)).contains("deployment.apps/stuck created");

        Kubectl.Result status = kubectl("rollout", "status", "deployment/stuck", "--timeout=60s");
        assertPrinted(status).contains("error: deployment \"stuck\" exceeded its progress deadline");
        assertThat(status.exitCode()).isNotZero();
        assertThat(get("deploy/stuck", "{.status.conditions[?(@.type==\"Progressing\")].message}"))
                .matches("ReplicaSet \"stuck-" + HASH + "\" has timed out progressing\\.");
        assertThat(get("deploy/stuck", "{.status.conditions[?(@.type==\"Available\")].reason}"))
                .isEqualTo("MinimumReplicasUnavailable");
    }
}
