package dev.ordinal.it.kubectl;

import java.nio.file.Path;
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
 * What kubectl shows of a running StatefulSet: describe of the set, a pod, its claim and volume,
 * its node, the headless service and the namespace (kubectl builds these client-side from the
 * objects, their events and related lists), get events, get pvc,pv, wait, and get with
 * --sort-by, -L, --show-labels and -w.
 */
@ContractServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlDescribeIT {

    private static final String NS = "describe";

    @LocalServerPort
    int port;

    Kubectl kubectl;

    @BeforeAll
    void runningStatefulSet() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        kubectl = new Kubectl(port, NS);
        assertPrinted(kubectl("create", "namespace", NS)).contains("namespace/describe created");
        String manifests = kubectl.file("web.yaml",
                StatefulSetManifests.NGINX_SERVICE + "---\n" + StatefulSetManifests.WEB).toString();
        assertPrinted(kubectl("apply", "-f", manifests))
                .contains("service/nginx created").contains("statefulset.apps/web created");
        assertPrinted(kubectl("rollout", "status", "sts/web", "--timeout=60s"))
                .contains("partitioned roll out complete: 2 new pods have been updated...");
    }

    private Kubectl.Result kubectl(String... args) {
        return kubectl.run(args);
    }

    private String get(String resource, String jsonPath) {
        return kubectl("get", resource, "-o", "jsonpath=" + jsonPath).out();
    }

    @Test
    @Order(1)
    void describeStatefulSet() {
        assertPrinted(kubectl("describe", "statefulset", "web"))
                .containsPattern(line("Name: +web"))
                .containsPattern(line("Namespace: +describe"))
                .containsPattern(line("Selector: +app=nginx"))
                .containsPattern(line("Replicas: +2 desired \\| 2 total"))
                .containsPattern(line("Update Strategy: +RollingUpdate"))
                .containsPattern(line("  Partition: +0"))
                .containsPattern(line("Pods Status: +2 Running / 0 Waiting / 0 Succeeded / 0 Failed"))
                .containsPattern(line(" +Image: +registry\\.k8s\\.io/nginx-slim:0\\.24"))
                .containsPattern(line(" +/usr/share/nginx/html from www \\(rw\\)"))
                .containsPattern(line("Volume Claims:"))
                .containsPattern(line("  Capacity: +1Gi"))
                .containsPattern(line("  Access Modes: +\\[ReadWriteOnce\\]"))
                .containsPattern(line("  Normal +SuccessfulCreate +\\S+ +statefulset-controller +"
                        + "create Claim www-web-0 Pod web-0 in StatefulSet web success"))
                .containsPattern(line("  Normal +SuccessfulCreate +\\S+ +statefulset-controller +"
                        + "create Pod web-1 in StatefulSet web successful"));
    }

    @Test
    @Order(2)
    void describePod() {
        String node = get("pod/web-0", "{.spec.nodeName}");
        assertPrinted(kubectl("describe", "pod", "web-0"))
                .containsPattern(line("Name: +web-0"))
                .containsPattern(line("Service Account: +default"))
                .containsPattern(line("Node: +" + Pattern.quote(node) + "/172\\.18\\.0\\.\\d+"))
                .containsPattern(line("Labels: +app=nginx"))
                .containsPattern(line(" +controller-revision-hash=web-\\w+"))
                .containsPattern(line(" +statefulset\\.kubernetes\\.io/pod-name=web-0"))
                .containsPattern(line("Status: +Running"))
                .containsPattern(line("IP: +10\\.244\\.\\d+\\.\\d+"))
                .containsPattern(line("Controlled By: +StatefulSet/web"))
                .containsPattern(line(" +Container ID: +containerd://[0-9a-f]{64}"))
                .containsPattern(line(" +State: +Running"))
                .containsPattern(line(" +Ready: +True"))
                .containsPattern(line(" +Restart Count: +0"))
                .containsPattern(line("  Ready +True *"))
                .containsPattern(line(" +ClaimName: +www-web-0"))
                .containsPattern(line("QoS Class: +BestEffort"))
                .containsPattern(line("  Normal +Scheduled +\\S+ +default-scheduler +Successfully assigned describe/web-0 to "
                        + Pattern.quote(node)))
                .containsPattern(line("  Normal +Pulled +\\S+ +kubelet +"
                        + "Container image \"registry\\.k8s\\.io/nginx-slim:0\\.24\" already present on machine"))
                .containsPattern(line("  Normal +Created +\\S+ +kubelet +Created container nginx"))
                .containsPattern(line("  Normal +Started +\\S+ +kubelet +Started container nginx"));
    }

    @Test
    @Order(3)
    void claimsAndVolumes() {
        String volume = get("pvc/www-web-0", "{.spec.volumeName}");
        assertThat(volume).startsWith("pvc-");
        assertPrinted(kubectl("get", "pvc,pv"))
                .containsPattern(lineStart("persistentvolumeclaim/www-web-0 +Bound +" + volume + " +1Gi +RWO +standard "))
                .containsPattern(lineStart("persistentvolume/" + volume
                        + " +1Gi +RWO +Delete +Bound +describe/www-web-0 +standard "));
        assertPrinted(kubectl("describe", "pvc", "www-web-0"))
                .containsPattern(line("StorageClass: +standard"))
                .containsPattern(line("Status: +Bound"))
                .containsPattern(line("Volume: +" + volume))
                .containsPattern(line("Labels: +app=nginx"))
                .containsPattern(line("Finalizers: +\\[kubernetes\\.io/pvc-protection\\]"))
                .containsPattern(line("Capacity: +1Gi"))
                .containsPattern(line("Access Modes: +RWO"))
                .containsPattern(line("Used By: +web-0"))
                .containsPattern(line("  Normal +ProvisioningSucceeded +.*Successfully provisioned volume " + volume + ".*"));
        assertPrinted(kubectl("describe", "pv", volume))
                .containsPattern(line("Status: +Bound"))
                .containsPattern(line("Claim: +describe/www-web-0"))
                .containsPattern(line("Reclaim Policy: +Delete"))
                .containsPattern(line("Finalizers: +\\[kubernetes\\.io/pv-protection\\]"))
                .containsPattern(line("Capacity: +1Gi"));
    }

    @Test
    @Order(4)
    void describeNodeServiceAndNamespace() {
        String node = get("pod/web-0", "{.spec.nodeName}");
        assertPrinted(kubectl("describe", "node", node))
                .containsPattern(line("Name: +" + Pattern.quote(node)))
                .containsPattern(line(" +kubernetes\\.io/hostname=" + Pattern.quote(node)))
                .containsPattern(line("  Ready +True .* KubeletReady +kubelet is posting ready status"))
                .containsPattern(line("  InternalIP: +172\\.18\\.0\\.\\d+"))
                .containsPattern(line("Non-terminated Pods: +\\(\\d+ in total\\)"))
                .containsPattern(line("  describe +web-0 +0 \\(0%\\) +0 \\(0%\\) +0 \\(0%\\) +0 \\(0%\\) +\\S+"))
                .containsPattern(line("Allocated resources:"))
                .containsPattern(line("  Normal +Starting +\\S+ +kubelet +Starting kubelet\\."))
                .containsPattern(line("  Normal +NodeReady +\\S+ +kubelet +Node " + Pattern.quote(node)
                        + " status is now: NodeReady"));

        String endpoints = get("pod/web-0", "{.status.podIP}") + ":80," + get("pod/web-1", "{.status.podIP}") + ":80";
        String otherOrder = get("pod/web-1", "{.status.podIP}") + ":80," + get("pod/web-0", "{.status.podIP}") + ":80";
        assertPrinted(kubectl("describe", "service", "nginx"))
                .containsPattern(line("Selector: +app=nginx"))
                .containsPattern(line("Type: +ClusterIP"))
                .containsPattern(line("IP: +None"))
                .containsPattern(line("Port: +web +80/TCP"))
                .containsPattern(line("Endpoints: +(" + Pattern.quote(endpoints) + "|" + Pattern.quote(otherOrder) + ")"));

        assertPrinted(kubectl("describe", "namespace", NS))
                .containsPattern(line("Name: +describe"))
                .containsPattern(line("Labels: +kubernetes\\.io/metadata\\.name=describe"))
                .containsPattern(line("Status: +Active"));
    }

    @Test
    @Order(5)
    void events() {
        assertPrinted(kubectl("get", "events"))
                .containsPattern(line("LAST SEEN +TYPE +REASON +OBJECT +MESSAGE"))
                .containsPattern(line("\\S+ +Normal +SuccessfulCreate +statefulset/web +create Pod web-0 in StatefulSet web successful"));
        // The selector describe sends, in any order of its terms.
        Kubectl.Result aboutTheSet = kubectl("get", "events", "--field-selector",
                "involvedObject.kind=StatefulSet,involvedObject.name=web,involvedObject.namespace=describe");
        assertPrinted(aboutTheSet).contains("statefulset/web").doesNotContain("pod/web-0");
        assertPrinted(kubectl("get", "events", "-o", "wide", "--field-selector", "involvedObject.name=web-0"))
                .containsPattern(line("LAST SEEN +TYPE +REASON +OBJECT +SUBOBJECT +SOURCE +MESSAGE +FIRST SEEN +COUNT +NAME"))
                .containsPattern(lineStart("\\S+ +Normal +Started +pod/web-0 +spec\\.containers\\{nginx\\} +kubelet, \\S+ +"
                        + "Started container nginx +\\S+ +1 +web-0\\.[0-9a-f]+"));
    }

    @Test
    @Order(6)
    void waitForReadiness() {
        assertPrinted(kubectl("wait", "--for=condition=Ready", "pod/web-0", "--timeout=60s"))
                .contains("pod/web-0 condition met");
        assertPrinted(kubectl("wait", "--for=condition=Ready", "pods", "-l", "app=nginx", "--timeout=60s"))
                .contains("pod/web-0 condition met").contains("pod/web-1 condition met");
    }

    @Test
    @Order(7)
    void getOptions() throws Exception {
        assertPrinted(kubectl("get", "pods", "-L", "apps.kubernetes.io/pod-index,statefulset.kubernetes.io/pod-name"))
                .containsPattern(line("NAME +READY +STATUS +RESTARTS +AGE +POD-INDEX +POD-NAME"))
                .containsPattern(line("web-1 +1/1 +Running +0 +\\S+ +1 +web-1"));
        // Listed in the order of their storage keys, <namespace>/<name> byte by byte as etcd's
        // ("describe-a/" before "describe/"); sorted by name when asked.
        assertPrinted(kubectl("create", "namespace", "describe-a")).contains("namespace/describe-a created");
        assertPrinted(kubectl("run", "zz-last", "--image=busybox:1.36", "-n", "describe-a"))
                .contains("pod/zz-last created");
        assertPrinted(kubectl("get", "pods", "-A")).containsPattern("(?s)\\ndescribe-a +zz-last .*\\ndescribe +web-0 ");
        assertPrinted(kubectl("get", "pods", "-A", "--sort-by=.metadata.name"))
                .containsPattern("(?s)\\ndescribe +web-1 .*\\ndescribe-a +zz-last ");
        assertPrinted(kubectl("get", "sts", "--show-labels")).containsPattern(line("NAME +READY +AGE +LABELS"))
                .containsPattern(line("web +2/2 +\\S+ +<none>"));
        assertPrinted(kubectl("get", "pods", "-l", "app=nginx", "--show-labels")).containsPattern(lineStart(
                "web-1 .* app=nginx,apps\\.kubernetes\\.io/pod-index=1,controller-revision-hash=web-\\w+,"
                        + "statefulset\\.kubernetes\\.io/pod-name=web-1$"));

        Path output = kubectl.home().resolve("pods-watch.out");
        Process watch = kubectl.start(output, "get", "pods", "-l", "app=nginx", "-w");
        try {
            awaitLine(output, lineStart("web-1 +1/1 +Running"));
            assertPrinted(kubectl("scale", "sts", "web", "--replicas=3")).contains("statefulset.apps/web scaled");
            String watched = awaitLine(output, lineStart("web-2 +1/1 +Running +0 +"));
            assertThat(watched).containsPattern(lineStart("web-2 +0/1 +Pending +0 +"));
        } finally {
            watch.destroy();
        }
    }
}
