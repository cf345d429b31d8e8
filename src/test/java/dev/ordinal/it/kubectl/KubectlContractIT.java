package dev.ordinal.it.kubectl;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
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
import static dev.ordinal.it.kubectl.StatefulSetManifests.statefulSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The acceptance checklist of the kubectl contract (reference/kubectl-contract.md, section 4), in its
 * order and with its expected lines, run with the kubectl on the PATH (the version dispatcher, which
 * runs its 1.32 client against this server) on a fresh server, context namespace {@code acc}.
 */
@ContractServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlContractIT {

    @LocalServerPort
    int port;

    Kubectl kubectl;

    @BeforeAll
    void kubectl() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        kubectl = new Kubectl(port, "acc");
    }

    private Kubectl.Result kubectl(String... args) {
        return kubectl.run(args);
    }

    private String manifest(String name, String content) {
        return kubectl.file(name, content).toString();
    }

    @Test
    @Order(1)
    void discoveryAndVersion() {
        assertPrinted(kubectl("version")).containsPattern(lineStart("Server Version: v1\\.32\\."));
        assertPrinted(kubectl("api-versions")).containsPattern(line("apps/v1")).containsPattern(line("v1"));
        assertPrinted(kubectl("api-resources"))
                .containsPattern(line("statefulsets +sts +apps/v1 +true +StatefulSet"))
                .containsPattern(line("controllerrevisions +apps/v1 +true +ControllerRevision"))
                .containsPattern(line("deployments +deploy +apps/v1 +true +Deployment"))
                .containsPattern(line("replicasets +rs +apps/v1 +true +ReplicaSet"))
                .containsPattern(line("pods +po +v1 +true +Pod"))
                .containsPattern(line("persistentvolumeclaims +pvc +v1 +true +PersistentVolumeClaim"))
                .containsPattern(line("services +svc +v1 +true +Service"))
                .containsPattern(line("namespaces +ns +v1 +false +Namespace"))
                .containsPattern(line("events +ev +v1 +true +Event"));
        assertPrinted(kubectl("cluster-info"))
                .containsPattern(lineStart("Kubernetes control plane is running at http://127\\.0\\.0\\.1:" + port));
    }

    @Test
    @Order(2)
    void namespaces() {
        String namespace = manifest("ns.yaml", """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: acc
                """);
        assertPrinted(kubectl("create", "-f", namespace)).contains("namespace/acc created");
        // A generator: kubectl sends the namespace as protobuf.
        assertPrinted(kubectl("create", "namespace", "acc-pb")).contains("namespace/acc-pb created");
        assertPrinted(kubectl("get", "ns", "acc")).containsPattern(lineStart("acc +Active +"));
    }

    @Test
    @Order(3)
    void createAndGet() {
        String service = manifest("svc.yaml", StatefulSetManifests.NGINX_SERVICE);
        String statefulSet = manifest("sts.yaml", StatefulSetManifests.WEB);
        assertPrinted(kubectl("create", "-f", service)).contains("service/nginx created");
        assertPrinted(kubectl("create", "-f", statefulSet)).contains("statefulset.apps/web created");
        assertPrinted(kubectl("create", "-f", statefulSet)).contains("Error from server (AlreadyExists): "
                + "error when creating \"" + statefulSet + "\": statefulsets.apps \"web\" already exists");
        assertPrinted(kubectl("rollout", "status", "statefulset/web", "--timeout=60s"))
                .contains("partitioned roll out complete: 2 new pods have been updated...");

        assertPrinted(kubectl("get", "statefulsets"))
                .containsPattern(line("NAME +READY +AGE")).containsPattern(lineStart("web +2/2 +[0-9]+[smhd]"));
        assertPrinted(kubectl("get", "sts", "-o", "wide"))
                .containsPattern(line("web +2/2 +\\S+ +nginx +registry\\.k8s\\.io/nginx-slim:0\\.24"));
        assertPrinted(kubectl("get", "sts", "-A")).containsPattern(lineStart("acc +web +2/2 +"));
        assertPrinted(kubectl("get", "sts", "-n", "acc")).containsPattern(lineStart("web +2/2 +"));
        assertPrinted(kubectl("get", "sts", "web", "-o", "yaml"))
                .containsPattern(line("kind: StatefulSet")).containsPattern(line("    type: RollingUpdate"));
        assertPrinted(kubectl("get", "sts", "web", "-o", "json")).contains("\"kind\": \"StatefulSet\"");
        assertPrinted(kubectl("get", "sts", "-o", "name")).contains("statefulset.apps/web");
        assertPrinted(kubectl("get", "sts", "nope"))
                .contains("Error from server (NotFound): statefulsets.apps \"nope\" not found");
        assertPrinted(kubectl("get", "pods", "-l", "app=nginx")).containsPattern(lineStart("web-0 +1/1 +Running +0 +"));
        assertPrinted(kubectl("get", "pods", "-l", "app in (nginx),!missing"))
                .containsPattern(lineStart("web-1 +1/1 +Running"));
        assertPrinted(kubectl("get", "pvc")).containsPattern(lineStart("www-web-0 +Bound +"));
        assertPrinted(kubectl("describe", "statefulset", "web"))
                .containsPattern(line("Replicas: +2 desired \\| 2 total"))
                .containsPattern(line("Pods Status: +2 Running / 0 Waiting / 0 Succeeded / 0 Failed"));
        assertPrinted(kubectl("describe", "pod", "web-0")).containsPattern(line("Controlled By: +StatefulSet/web"));
    }

    @Test
    @Order(4)
    void watch() throws Exception {
        Path output = kubectl.home().resolve("watch.out");
        Process watch = kubectl.start(output, "get", "sts", "-w");
        try {
            awaitLine(output, lineStart("web +2/2 +"));
            assertPrinted(kubectl("scale", "statefulset", "web", "--replicas=3")).contains("statefulset.apps/web scaled");
            assertPrinted(kubectl("rollout", "status", "statefulset/web", "--timeout=60s")).contains("complete: 3 new pods");
            String watched = awaitLine(output, lineStart("web +3/3 +"));
            assertThat(count(lineStart("web +"), watched)).as(watched).isGreaterThanOrEqualTo(2);
        } finally {
            watch.destroy();
        }
        assertPrinted(kubectl("get", "sts", "web", "-o", "jsonpath={.spec.replicas}")).isEqualTo("3");
    }

    @Test
    @Order(5)
    void patchLabelAnnotateEdit() {
        assertPrinted(kubectl("patch", "sts", "web", "-p", "{\"spec\":{\"template\":{\"spec\":{\"containers\":"
                + "[{\"name\":\"nginx\",\"image\":\"registry.k8s.io/nginx-slim:0.25\"}]}}}}"))
                .contains("statefulset.apps/web patched");
        // Until the roll-out is over the controller writes status, so a patch in between finds the object
        // changed and prints "patched", on any cluster.
        assertPrinted(kubectl("rollout", "status", "sts/web", "--timeout=60s")).contains("complete: 3 new pods");
        String labelPatch = "{\"metadata\":{\"labels\":{\"tier\":\"web\"}}}";
        assertPrinted(kubectl("patch", "sts", "web", "--type=merge", "-p", labelPatch))
                .contains("statefulset.apps/web patched");
        assertPrinted(kubectl("patch", "sts", "web", "--type=merge", "-p", labelPatch))
                .contains("statefulset.apps/web patched (no change)");
        assertPrinted(kubectl("patch", "sts", "web", "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":2}]"))
                .contains("statefulset.apps/web patched");
        assertPrinted(kubectl("label", "sts", "web", "env=prod")).contains("statefulset.apps/web labeled");
        assertPrinted(kubectl("label", "sts", "web", "env=dev"))
                .contains("error: 'env' already has a value (prod), and --overwrite is false");
        assertPrinted(kubectl("label", "sts", "web", "env-")).contains("statefulset.apps/web unlabeled");
        assertPrinted(kubectl("annotate", "sts", "web", "owner=team-a")).contains("statefulset.apps/web annotated");
        assertPrinted(kubectl("label", "pods", "-l", "app=nginx", "role=member")).contains("pod/web-0 labeled");
        assertPrinted(kubectl.run(Map.of("EDITOR", "true"), "edit", "sts", "web"))
                .contains("Edit cancelled, no changes made.");
        assertPrinted(kubectl.run(Map.of("EDITOR", "sed -i s/team-a/team-b/"), "edit", "sts", "web"))
                .contains("statefulset.apps/web edited");
        assertPrinted(kubectl("get", "sts", "web", "-o", "jsonpath={.metadata.annotations.owner}")).isEqualTo("team-b");
    }

    @Test
    @Order(6)
    void rollout() {
        // The status counts the pod scaled away until it is gone, on any cluster; so wait for that first.
        assertPrinted(kubectl("wait", "--for=jsonpath={.status.replicas}=2", "sts/web", "--timeout=60s"))
                .contains("statefulset.apps/web condition met");
        assertPrinted(kubectl("rollout", "status", "sts/web", "--timeout=60s")).contains("complete: 2 new pods");
        assertPrinted(kubectl("rollout", "history", "statefulset/web"))
                .containsPattern(line("REVISION +CHANGE-CAUSE")).containsPattern(line("2 +<none>"));
        assertPrinted(kubectl("rollout", "history", "statefulset/web", "--revision=1"))
                .containsPattern(lineStart(" *Image:\\s+registry\\.k8s\\.io/nginx-slim:0\\.24$"));
        assertPrinted(kubectl("rollout", "undo", "statefulset/web")).contains("statefulset.apps/web rolled back");
        assertPrinted(kubectl("get", "sts", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"))
                .isEqualTo("registry.k8s.io/nginx-slim:0.24");
        assertPrinted(kubectl("rollout", "restart", "statefulset/web")).contains("statefulset.apps/web restarted");
        assertPrinted(kubectl("get", "sts", "web", "-o",
                "jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}"))
                .containsPattern("^20[0-9]{2}-");
    }

    @Test
    @Order(7)
    void apply() {
        String app2 = manifest("app2.yaml", statefulSet("app2", 1, "busybox:1.36"));
        String app2v2 = manifest("app2-v2.yaml", statefulSet("app2", 1, "busybox:1.37"));
        assertPrinted(kubectl("apply", "-f", app2)).contains("statefulset.apps/app2 created");
        assertPrinted(kubectl("apply", "-f", app2v2)).contains("statefulset.apps/app2 configured");
        assertPrinted(kubectl("get", "sts", "app2", "-o", "yaml")).contains("kubectl.kubernetes.io/last-applied-configuration");

        String ssa = manifest("ssa.yaml", statefulSet("ssa", 1, "busybox:1.36"));
        String ssaV2 = manifest("ssa-v2.yaml", statefulSet("ssa", 3, "busybox:1.36"));
        assertPrinted(kubectl("apply", "--server-side", "-f", ssa)).contains("statefulset.apps/ssa serverside-applied");
        assertPrinted(kubectl("apply", "--server-side", "-f", ssaV2)).contains("statefulset.apps/ssa serverside-applied");
        assertPrinted(kubectl("get", "sts", "ssa", "-o", "jsonpath={.spec.replicas}")).isEqualTo("3");

        String bad = manifest("bad.yaml", """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: bad
                spec:
                  bogusField: true
                  serviceName: bad
                  selector:
                    matchLabels: {app: bad}
                  template:
                    metadata:
                      labels: {app: bad}
                    spec:
                      containers:
                      - name: main
                        image: busybox:1.36
                """);
        assertPrinted(kubectl("create", "-f", bad)).contains("Error from server (BadRequest): error when creating \""
                + bad + "\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: "
                + "unknown field \"spec.bogusField\"");
    }

    @Test
    @Order(8)
    void explain() {
        assertPrinted(kubectl("explain", "statefulset")).containsPattern(line("KIND: +StatefulSet"));
        assertPrinted(kubectl("explain", "statefulset.spec")).containsPattern(line("FIELD: +spec <StatefulSetSpec>"));
        assertPrinted(kubectl("explain", "statefulset.spec.updateStrategy.rollingUpdate"))
                .containsPattern(line("FIELD: +rollingUpdate <RollingUpdateStatefulSetStrategy>"))
                .containsPattern(line("  partition\\s+<integer>"));
    }

    @Test
    @Order(9)
    void podsEventsWait() {
        assertPrinted(kubectl("run", "nginx", "--image=nginx")).contains("pod/nginx created");
        assertPrinted(kubectl("wait", "--for=condition=Ready", "pod/nginx", "--timeout=60s"))
                .contains("pod/nginx condition met");
        assertPrinted(kubectl("get", "events")).containsPattern(line("LAST SEEN +TYPE +REASON +OBJECT +MESSAGE"));
        assertPrinted(kubectl("delete", "pod", "nginx", "--timeout=60s")).contains("pod \"nginx\" deleted");
        assertPrinted(kubectl("get", "pod", "nginx")).contains("Error from server (NotFound): pods \"nginx\" not found");
    }

    @Test
    @Order(10)
    void delete() {
        assertPrinted(kubectl("delete", "statefulset", "app2", "--timeout=60s"))
                .contains("statefulset.apps \"app2\" deleted");
        assertPrinted(kubectl("delete", "statefulset", "ssa", "--cascade=foreground", "--timeout=60s"))
                .contains("statefulset.apps \"ssa\" deleted");
        assertPrinted(kubectl("delete", "statefulset", "web", "--cascade=orphan", "--timeout=60s"))
                .contains("statefulset.apps \"web\" deleted");
        assertPrinted(kubectl("get", "pods", "-l", "app=nginx")).containsPattern(lineStart("web-0 +"));
        assertPrinted(kubectl("get", "sts", "web"))
                .contains("Error from server (NotFound): statefulsets.apps \"web\" not found");
    }

    private static int count(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
