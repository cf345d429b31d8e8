package dev.ordinal.it.kubectl;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ordinal.testing.Kubectl;

import static dev.ordinal.it.kubectl.Printed.assertPrinted;
import static dev.ordinal.it.kubectl.Printed.line;
import static dev.ordinal.it.kubectl.Printed.lineStart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * A representative part of the contract checklist with every kubectl client google-cloud-cli
 * installs beside its dispatcher ({@code kubectl.1.27} ... {@code kubectl.1.33}), called directly
 * since the dispatcher would always pick 1.32 for this server. Each client works in a namespace of
 * its own. {@code -Dordinal.kubectl.versions=1.28,1.33} limits the run to those minors.
 */
@ContractServer
class KubectlVersionsIT {

    @LocalServerPort
    int port;

    static List<Path> clients() {
        List<Path> installed = Kubectl.installedVersions();
        String wanted = System.getProperty("ordinal.kubectl.versions", "").trim();
        if (wanted.isEmpty()) {
            return installed;
        }
        Set<Integer> minors = Arrays.stream(wanted.split(",")).map(String::trim)
                .map(version -> Integer.parseInt(version.substring(version.lastIndexOf('.') + 1)))
                .collect(Collectors.toSet());
        return installed.stream().filter(client -> minors.contains(Kubectl.minor(client))).toList();
    }

    @TestFactory
    Stream<DynamicContainer> checklistWithEveryInstalledClient() {
        List<Path> clients = clients();
        assumeFalse(clients.isEmpty(), "no kubectl.1.* clients are installed beside kubectl");
        return clients.stream().map(client -> {
            int minor = Kubectl.minor(client);
            String ns = "v1-" + minor;
            return dynamicContainer(client.getFileName().toString(),
                    new Checklist(new Kubectl(client.toString(), port, ns), ns, minor).steps());
        });
    }

    /** The checks for one client, in the checklist's order, each a step of its own. */
    private record Checklist(Kubectl kubectl, String ns, int minor) {

        Stream<DynamicTest> steps() {
            return Stream.of(
                    dynamicTest("discovery", this::discovery),
                    dynamicTest("create and get", this::createAndGet),
                    dynamicTest("describe", this::describe),
                    dynamicTest("scale and patch", this::scaleAndPatch),
                    dynamicTest("label, annotate, edit", this::labelAnnotateEdit),
                    dynamicTest("rollout", this::rollout),
                    dynamicTest("apply and diff", this::applyAndDiff),
                    dynamicTest("explain", this::explain),
                    dynamicTest("pods, events, wait", this::podsEventsWait),
                    dynamicTest("delete", this::delete));
        }

        private Kubectl.Result kubectl(String... args) {
            return kubectl.run(args);
        }

        private String manifest(String name, String content) {
            return kubectl.file(name, content).toString();
        }

        void discovery() {
            // The plain `version` output differs between clients (1.27 prints Go structs); its JSON does not.
            assertPrinted(kubectl("version", "-o", "json"))
                    .containsPattern("\"serverVersion\": \\{[^}]*\"gitVersion\": \"v1\\.32\\.");
            assertPrinted(kubectl("api-resources"))
                    .containsPattern(line("statefulsets +sts +apps/v1 +true +StatefulSet"))
                    .containsPattern(line("persistentvolumeclaims +pvc +v1 +true +PersistentVolumeClaim"));
            assertPrinted(kubectl("create", "namespace", ns)).contains("namespace/" + ns + " created");
        }

        void createAndGet() {
            String statefulSet = manifest("sts.yaml", """
                    apiVersion: apps/v1
                    kind: StatefulSet
                    metadata:
                      name: web
                    spec:
                      serviceName: nginx
                      replicas: 2
                      selector:
                        matchLabels: {app: nginx}
                      template:
                        metadata:
                          labels: {app: nginx}
                        spec:
                          containers:
                          - name: nginx
                            image: registry.k8s.io/nginx-slim:0.24
                      volumeClaimTemplates:
                      - metadata: {name: www}
                        spec:
                          accessModes: [ReadWriteOnce]
                          resources: {requests: {storage: 1Gi}}
                    """);
            assertPrinted(kubectl("create", "-f", statefulSet)).contains("statefulset.apps/web created");
            assertPrinted(kubectl("create", "-f", statefulSet))
                    .contains("Error from server (AlreadyExists): error when creating \"" + statefulSet
                            + "\": statefulsets.apps \"web\" already exists");
            assertPrinted(kubectl("rollout", "status", "statefulset/web", "--timeout=60s"))
                    .contains("partitioned roll out complete: 2 new pods have been updated...");
            assertPrinted(kubectl("get", "statefulsets"))
                    .containsPattern(line("NAME +READY +AGE")).containsPattern(lineStart("web +2/2 +[0-9]+[smhd]"));
            assertPrinted(kubectl("get", "sts", "-o", "wide"))
                    .containsPattern(line("web +2/2 +\\S+ +nginx +registry\\.k8s\\.io/nginx-slim:0\\.24"));
            assertPrinted(kubectl("get", "sts", "nope"))
                    .contains("Error from server (NotFound): statefulsets.apps \"nope\" not found");
            assertPrinted(kubectl("get", "pods", "-l", "app in (nginx),!missing"))
                    .containsPattern(lineStart("web-0 +1/1 +Running +0 +")).containsPattern(lineStart("web-1 +1/1 +Running"));
            assertPrinted(kubectl("get", "pvc")).containsPattern(lineStart("www-web-0 +Bound +pvc-"));
        }

        void describe() {
            assertPrinted(kubectl("describe", "statefulset", "web"))
                    .containsPattern(line("Replicas: +2 desired \\| 2 total"))
                    .containsPattern(line("Pods Status: +2 Running / 0 Waiting / 0 Succeeded / 0 Failed"))
                    .containsPattern(line(" +Normal +SuccessfulCreate +\\S+ +statefulset-controller +"
                            + "create Pod web-0 in StatefulSet web successful"));
            assertPrinted(kubectl("describe", "pod", "web-0")).containsPattern(line("Controlled By: +StatefulSet/web"))
                    .containsPattern(line(" +ClaimName: +www-web-0"));
        }

        void scaleAndPatch() {
            assertPrinted(kubectl("scale", "statefulset", "web", "--replicas=3")).contains("statefulset.apps/web scaled");
            assertPrinted(kubectl("rollout", "status", "statefulset/web", "--timeout=60s")).contains("complete: 3 new pods");
            assertPrinted(kubectl("patch", "sts", "web", "-p", "{\"spec\":{\"template\":{\"spec\":{\"containers\":"
                    + "[{\"name\":\"nginx\",\"image\":\"registry.k8s.io/nginx-slim:0.25\"}]}}}}"))
                    .contains("statefulset.apps/web patched");
            assertPrinted(kubectl("rollout", "status", "statefulset/web", "--timeout=60s")).contains("complete: 3 new pods");
            String labels = "{\"metadata\":{\"labels\":{\"tier\":\"web\"}}}";
            assertPrinted(kubectl("patch", "sts", "web", "--type=merge", "-p", labels))
                    .contains("statefulset.apps/web patched");
            assertPrinted(kubectl("patch", "sts", "web", "--type=merge", "-p", labels))
                    .contains("statefulset.apps/web patched (no change)");
            assertPrinted(kubectl("patch", "sts", "web", "--type=json", "-p",
                    "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":2}]"))
                    .contains("statefulset.apps/web patched");
            assertPrinted(kubectl("wait", "--for=jsonpath={.status.replicas}=2", "sts/web", "--timeout=60s"))
                    .contains("statefulset.apps/web condition met");
        }

        void labelAnnotateEdit() {
            assertPrinted(kubectl("label", "sts", "web", "env=prod")).contains("statefulset.apps/web labeled");
            assertPrinted(kubectl("label", "sts", "web", "env=dev"))
                    .contains("error: 'env' already has a value (prod), and --overwrite is false");
            assertPrinted(kubectl("label", "sts", "web", "env-")).contains("statefulset.apps/web unlabeled");
            // kubectl 1.27's own wording lacks the "d" (fixed in 1.28).
            assertPrinted(kubectl("annotate", "sts", "web", "owner=team-a"))
                    .containsPattern(line("statefulset.apps/web " + (minor == 27 ? "annotate" : "annotated")));
            assertPrinted(kubectl.run(Map.of("EDITOR", "true"), "edit", "sts", "web"))
                    .contains("Edit cancelled, no changes made.");
            assertPrinted(kubectl.run(Map.of("EDITOR", "sed -i s/team-a/team-b/"), "edit", "sts", "web"))
                    .contains("statefulset.apps/web edited");
            assertPrinted(kubectl("get", "sts", "web", "-o", "jsonpath={.metadata.annotations.owner}"))
                    .isEqualTo("team-b");
        }

        void rollout() {
            assertPrinted(kubectl("rollout", "status", "sts/web", "--timeout=60s")).contains("complete: 2 new pods");
            assertPrinted(kubectl("rollout", "history", "statefulset/web"))
                    .containsPattern(line("REVISION +CHANGE-CAUSE")).containsPattern(line("2 +<none>"));
            assertPrinted(kubectl("rollout", "history", "statefulset/web", "--revision=1"))
                    .containsPattern(lineStart(" *Image:\\s+registry\\.k8s\\.io/nginx-slim:0\\.24$"));
            assertPrinted(kubectl("rollout", "undo", "statefulset/web")).contains("statefulset.apps/web rolled back");
            assertPrinted(kubectl("get", "sts", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"))
                    .isEqualTo("registry.k8s.io/nginx-slim:0.24");
            assertPrinted(kubectl("rollout", "restart", "statefulset/web")).contains("statefulset.apps/web restarted");
            assertPrinted(kubectl("rollout", "status", "sts/web", "--timeout=60s")).contains("complete: 2 new pods");
        }

        void applyAndDiff() {
            String app = """
                    apiVersion: apps/v1
                    kind: StatefulSet
                    metadata:
                      name: app2
                    spec:
                      serviceName: app2
                      replicas: 1
                      selector:
                        matchLabels: {app: app2}
                      template:
                        metadata:
                          labels: {app: app2}
                        spec:
                          containers:
                          - name: main
                            image: busybox:1.36
                            ports: %s
                    """;
            String twoPorts = manifest("app2.yaml", app.formatted("[{containerPort: 80}, {containerPort: 443}]"));
            String onePort = manifest("app2-v2.yaml", app.formatted("[{containerPort: 80}]"));
            assertPrinted(kubectl("apply", "-f", twoPorts)).contains("statefulset.apps/app2 created");
            assertPrinted(kubectl("apply", "-f", twoPorts)).contains("statefulset.apps/app2 unchanged");
            assertPrinted(kubectl("apply", "-f", onePort)).contains("statefulset.apps/app2 configured");
            assertPrinted(kubectl("get", "sts", "app2", "-o",
                    "jsonpath={.spec.template.spec.containers[0].ports[*].containerPort}")).isEqualTo("80");
            Kubectl.Result diff = kubectl("diff", "-f", onePort);
            assertThat(diff.exitCode()).as(diff.toString()).isZero();

            String ssa = manifest("ssa.yaml", app.replace("app2", "ssa").formatted("[{containerPort: 80}]"));
            assertPrinted(kubectl("apply", "--server-side", "-f", ssa)).contains("statefulset.apps/ssa serverside-applied");
        }

        void explain() {
            assertPrinted(kubectl("explain", "statefulset.spec.updateStrategy.rollingUpdate"))
                    .containsPattern(line("FIELD: +rollingUpdate <RollingUpdateStatefulSetStrategy>"))
                    .containsPattern(line("  partition\\s+<integer>"));
        }

        void podsEventsWait() {
            assertPrinted(kubectl("run", "nginx", "--image=nginx")).contains("pod/nginx created");
            assertPrinted(kubectl("wait", "--for=condition=Ready", "pod/nginx", "--timeout=60s"))
                    .contains("pod/nginx condition met");
            assertPrinted(kubectl("get", "events")).containsPattern(line("LAST SEEN +TYPE +REASON +OBJECT +MESSAGE"));
            assertPrinted(kubectl("delete", "pod", "nginx", "--timeout=60s")).contains("pod \"nginx\" deleted");
        }

        void delete() {
            assertPrinted(kubectl("delete", "statefulset", "ssa", "--cascade=foreground", "--timeout=60s"))
                    .contains("statefulset.apps \"ssa\" deleted");
            assertPrinted(kubectl("delete", "statefulset", "web", "--cascade=orphan", "--timeout=60s"))
                    .contains("statefulset.apps \"web\" deleted");
            assertPrinted(kubectl("get", "pods", "-l", "app=nginx")).containsPattern(lineStart("web-0 +"));
            assertPrinted(kubectl("get", "sts", "web"))
                    .contains("Error from server (NotFound): statefulsets.apps \"web\" not found");
        }
    }
}
