package dev.ordinal.it.kubectl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ordinal.testing.Kubectl;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The API server core as the real kubectl binary sees it: discovery, generators (protobuf bodies),
 * create -f and apply -f of every served kind, every output format, label / annotate / delete,
 * get -A, get -w and the errors a real cluster prints.
 */
@ServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlApiIT {

    @LocalServerPort
    int port;

    Kubectl kubectl;

    /** One object of every served kind: resource name for kubectl, object name, manifest. */
    record Kind(String resource, String name, String manifest) {
        @Override
        public String toString() {
            return resource;
        }
    }

    static List<Kind> kinds() {
        return List.of(
                new Kind("configmaps", "cfg", """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: cfg}
                        data: {mode: fast}
                        """),
                new Kind("secrets", "token", """
                        apiVersion: v1
                        kind: Secret
                        metadata: {name: token}
                        stringData: {password: s3cr3t}
                        """),
                new Kind("serviceaccounts", "robot", """
                        apiVersion: v1
                        kind: ServiceAccount
                        metadata: {name: robot}
                        """),
                new Kind("services", "nginx", """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: nginx, labels: {app: nginx}}
                        spec:
                          clusterIP: None
                          selector: {app: nginx}
                          ports: [{name: web, port: 80}]
                        """),
                new Kind("endpoints", "manual", """
                        apiVersion: v1
                        kind: Endpoints
                        metadata: {name: manual}
                        subsets:
                        - addresses: [{ip: 10.0.0.7}]
                          ports: [{port: 80}]
                        """),
                new Kind("persistentvolumeclaims", "data", """
                        apiVersion: v1
                        kind: PersistentVolumeClaim
                        metadata: {name: data}
                        spec:
                          accessModes: [ReadWriteOnce]
                          resources: {requests: {storage: 1Gi}}
                        """),
                new Kind("pods", "solo", """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: solo, labels: {app: solo}}
                        spec:
                          containers: [{name: main, image: busybox:1.36}]
                        """),
                new Kind("statefulsets.apps", "web", """
                        apiVersion: apps/v1
                        kind: StatefulSet
                        metadata: {name: web}
                        spec:
                          serviceName: nginx
                          replicas: 0
                          selector: {matchLabels: {app: nginx}}
                          template:
                            metadata: {labels: {app: nginx}}
                            spec:
                              containers: [{name: nginx, image: registry.k8s.io/nginx-slim:0.24}]
                        """),
                new Kind("poddisruptionbudgets.policy", "web-pdb", """
                        apiVersion: policy/v1
                        kind: PodDisruptionBudget
                        metadata: {name: web-pdb}
                        spec:
                          maxUnavailable: 1
                          selector: {matchLabels: {app: nginx}}
                        """),
                new Kind("leases.coordination.k8s.io", "leader", """
                        apiVersion: coordination.k8s.io/v1
                        kind: Lease
                        metadata: {name: leader}
                        spec: {holderIdentity: one, leaseDurationSeconds: 15}
                        """),
                new Kind("endpointslices.discovery.k8s.io", "nginx-abc", """
                        apiVersion: discovery.k8s.io/v1
                        kind: EndpointSlice
                        metadata: {name: nginx-abc}
                        addressType: IPv4
                        endpoints: [{addresses: [10.0.0.8]}]
                        ports: [{name: web, port: 80, protocol: TCP}]
                        """),
                new Kind("events", "web.1", """
                        apiVersion: v1
                        kind: Event
                        metadata: {name: web.1}
                        involvedObject: {kind: StatefulSet, name: web, namespace: acc, apiVersion: apps/v1}
                        reason: Tested
                        message: kubectl created this event
                        type: Normal
                        source: {component: acceptance}
                        """));
    }

    @BeforeAll
    void kubectl() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        kubectl = new Kubectl(port, "acc");
    }

    @Test
    @Order(1)
    void discoveryAndVersion() {
        assertThat(kubectl.run("version").out()).containsPattern("(?m)^Server Version: v1\\.32\\.");
        String versions = kubectl.run("api-versions").out();
        assertThat(versions).containsPattern("(?m)^apps/v1$").containsPattern("(?m)^v1$")
                .containsPattern("(?m)^storage.k8s.io/v1$").containsPattern("(?m)^discovery.k8s.io/v1$");
        String resources = kubectl.run("api-resources").out();
        assertThat(resources)
                .containsPattern("(?m)^statefulsets +sts +apps/v1 +true +StatefulSet$")
                .containsPattern("(?m)^controllerrevisions +apps/v1 +true +ControllerRevision$")
                .containsPattern("(?m)^deployments +deploy +apps/v1 +true +Deployment$")
                .containsPattern("(?m)^replicasets +rs +apps/v1 +true +ReplicaSet$")
                .containsPattern("(?m)^daemonsets +ds +apps/v1 +true +DaemonSet$")
                .containsPattern("(?m)^pods +po +v1 +true +Pod$")
                .containsPattern("(?m)^persistentvolumeclaims +pvc +v1 +true +PersistentVolumeClaim$")
                .containsPattern("(?m)^persistentvolumes +pv +v1 +false +PersistentVolume$")
                .containsPattern("(?m)^services +svc +v1 +true +Service$")
                .containsPattern("(?m)^namespaces +ns +v1 +false +Namespace$")
                .containsPattern("(?m)^events +ev +v1 +true +Event$")
                .containsPattern("(?m)^nodes +no +v1 +false +Node$")
                .containsPattern("(?m)^storageclasses +sc +storage.k8s.io/v1 +false +StorageClass$")
                .containsPattern("(?m)^poddisruptionbudgets +pdb +policy/v1 +true +PodDisruptionBudget$");
        assertThat(kubectl.run("cluster-info").out())
                .contains("Kubernetes control plane is running at http://127.0.0.1:" + port);
    }

    @Test
    @Order(2)
    void namespacesFromManifestsAndGenerators() {
        Path ns = kubectl.file("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: acc\n");
        assertThat(kubectl.run("create", "-f", ns.toString()).out()).contains("namespace/acc created");
        // kubectl's generators send protobuf bodies.
        assertThat(kubectl.run("create", "namespace", "acc-pb").out()).contains("namespace/acc-pb created");
        assertThat(kubectl.run("get", "ns", "acc").out()).containsPattern("(?m)^acc +Active +");
        assertThat(kubectl.run("get", "ns", "acc-pb", "-o", "jsonpath={.metadata.labels}").out())
                .contains("\"kubernetes.io/metadata.name\":\"acc-pb\"");
        assertThat(kubectl.run("create", "configmap", "generated", "--from-literal=a=b").out())
                .contains("configmap/generated created");
        assertThat(kubectl.run("create", "secret", "generic", "gensecret", "--from-literal=k=v").out())
                .contains("secret/gensecret created");
        assertThat(kubectl.run("get", "secret", "gensecret", "-o", "jsonpath={.data.k}").out()).isEqualTo("dg==");
        assertThat(kubectl.run("create", "serviceaccount", "gensa").out()).contains("serviceaccount/gensa created");
        assertThat(kubectl.run("create", "service", "clusterip", "gensvc", "--tcp=80:8080").out())
                .contains("service/gensvc created");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    @Order(3)
    void everyKindThroughEveryVerb(Kind kind) {
        Path manifest = kubectl.file(kind.name() + ".yaml", kind.manifest());
        Kubectl.Result created = kubectl.run("create", "-f", manifest.toString());
        assertThat(created.out()).as(created.toString()).contains(" created");

        // Events print no NAME column (it is wide-only, last); every other kind leads with it.
        String row = kind.resource().equals("events") ? "(?m)^\\S+ +Normal +Tested +statefulset/web "
                : "(?m)^" + Pattern.quote(kind.name()) + " ";
        assertThat(kubectl.run("get", kind.resource(), kind.name()).out())
                .containsPattern("(?m)^(NAME|LAST SEEN) ").containsPattern(row);
        assertThat(kubectl.run("get", kind.resource(), kind.name(), "-o", "wide").out()).containsPattern(row);
        assertThat(kubectl.run("get", kind.resource(), kind.name(), "-o", "yaml").out())
                .containsPattern("(?m)^  name: " + Pattern.quote(kind.name()) + "$")
                .containsPattern("(?m)^  resourceVersion: \"[0-9]+\"$")
                .containsPattern("(?m)^  uid: ");
        assertThat(kubectl.run("get", kind.resource(), kind.name(), "-o", "json").out())
                .contains("\"name\": \"" + kind.name() + "\"");
        assertThat(kubectl.run("get", kind.resource(), kind.name(), "-o", "jsonpath={.metadata.namespace}").out())
                .isEqualTo("acc");
        assertThat(kubectl.run("get", kind.resource(), "-o", "custom-columns=NAME:.metadata.name,NS:.metadata.namespace")
                .out()).containsPattern("(?m)^" + Pattern.quote(kind.name()) + " +acc$");
        assertThat(kubectl.run("get", kind.resource(), "-o", "name").out()).contains("/" + kind.name());
        assertThat(kubectl.run("get", kind.resource(), "-A").out())
                .containsPattern("(?m)^NAMESPACE +(NAME|LAST SEEN) ").containsPattern("(?m)^acc +" + row.substring(5));

        assertThat(kubectl.run("label", kind.resource(), kind.name(), "tier=backend").out()).contains(" labeled");
        assertThat(kubectl.run("label", kind.resource(), kind.name(), "tier=frontend").err())
                .contains("error: 'tier' already has a value (backend), and --overwrite is false");
        assertThat(kubectl.run("label", kind.resource(), kind.name(), "tier=frontend", "--overwrite").out())
                .contains(" labeled");
        assertThat(kubectl.run("get", kind.resource(), "-l", "tier in (frontend)", "-o", "name").out())
                .contains("/" + kind.name());
        assertThat(kubectl.run("label", kind.resource(), kind.name(), "tier-").out()).contains(" unlabeled");
        assertThat(kubectl.run("annotate", kind.resource(), kind.name(), "owner=team-a").out()).contains(" annotated");
        assertThat(kubectl.run("get", kind.resource(), kind.name(), "-o", "jsonpath={.metadata.annotations.owner}")
                .out()).isEqualTo("team-a");

        Kubectl.Result again = kubectl.run("create", "-f", manifest.toString());
        assertThat(again.err()).contains("Error from server (AlreadyExists)").contains("\"" + kind.name()
                + "\" already exists");

        assertThat(kubectl.run("delete", kind.resource(), kind.name(), "--wait=false").out())
                .contains("\"" + kind.name() + "\" deleted");
    }

    @Test
    @Order(4)
    void clusterScopedKinds() {
        Path manifest = kubectl.file("cluster.yaml", """
                apiVersion: v1
                kind: PersistentVolume
                metadata: {name: pv-one}
                spec:
                  capacity: {storage: 5Gi}
                  accessModes: [ReadWriteOnce]
                  hostPath: {path: /data/pv-one}
                ---
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata: {name: fast}
                provisioner: ordinal.dev/simulated
                ---
                apiVersion: v1
                kind: Node
                metadata: {name: extra-node, labels: {kubernetes.io/hostname: extra-node}}
                """);
        String out = kubectl.run("create", "-f", manifest.toString()).out();
        assertThat(out).contains("persistentvolume/pv-one created").contains("storageclass.storage.k8s.io/fast created")
                .contains("node/extra-node created");
        assertThat(kubectl.run("get", "pv", "pv-one").out()).containsPattern("(?m)^pv-one +");
        assertThat(kubectl.run("get", "sc", "fast", "-o", "jsonpath={.provisioner}").out())
                .isEqualTo("ordinal.dev/simulated");
        assertThat(kubectl.run("label", "node", "extra-node", "zone=a").out()).contains("node/extra-node labeled");
        assertThat(kubectl.run("delete", "-f", manifest.toString(), "--wait=false").out())
                .contains("persistentvolume \"pv-one\" deleted");
    }

    @Test
    @Order(5)
    void applyCreatesNewObjects() {
        Path manifest = kubectl.file("apply.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: applied}
                data: {a: "1"}
                ---
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: app2}
                spec:
                  serviceName: app2
                  replicas: 0
                  selector: {matchLabels: {app: app2}}
                  template:
                    metadata: {labels: {app: app2}}
                    spec:
                      containers: [{name: main, image: busybox:1.36}]
                """);
        assertThat(kubectl.run("apply", "-f", manifest.toString()).out())
                .contains("configmap/applied created").contains("statefulset.apps/app2 created");
        assertThat(kubectl.run("get", "cm", "applied", "-o", "yaml").out())
                .contains("kubectl.kubernetes.io/last-applied-configuration");
    }

    @Test
    @Order(6)
    void watchPrintsLaterChangesAsRows() throws Exception {
        Path output = kubectl.home().resolve("watch.out");
        Process watch = kubectl.start(output, "get", "configmaps", "-w");
        try {
            waitFor(output, "(?m)^NAME +DATA +AGE");
            kubectl.run("create", "configmap", "watched", "--from-literal=x=1");
            kubectl.run("label", "configmap", "watched", "seen=yes");
            waitFor(output, "(?s).*\\nwatched +1 +.*\\nwatched +1 +.*");
        } finally {
            watch.destroy();
        }
    }

    @Test
    @Order(7)
    void errorsReadAsOnARealCluster() {
        assertThat(kubectl.run("get", "sts", "nope").err())
                .contains("Error from server (NotFound): statefulsets.apps \"nope\" not found");
        assertThat(kubectl.run("get", "pods", "nope").err())
                .contains("Error from server (NotFound): pods \"nope\" not found");
        // kubectl itself looks the namespace up when a get in it finds nothing.
        assertThat(kubectl.run("get", "pods", "nope", "-n", "missing").err())
                .contains("Error from server (NotFound): namespaces \"missing\" not found");
        Path invalid = kubectl.file("invalid.yaml", """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: bad}
                spec:
                  replicas: -1
                  serviceName: bad
                  selector: {matchLabels: {app: bad}}
                  template:
                    metadata: {labels: {app: bad}}
                    spec:
                      containers: [{name: main, image: busybox}]
                """);
        assertThat(kubectl.run("create", "-f", invalid.toString()).err())
                .contains("The StatefulSet \"bad\" is invalid: spec.replicas: Invalid value: -1: "
                        + "must be greater than or equal to 0");
        assertThat(kubectl.run("get", "sts", "bad").err()).contains("NotFound");
        Path elsewhere = kubectl.file("elsewhere.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: lost, namespace: does-not-exist}
                """);
        assertThat(kubectl.run("create", "-f", elsewhere.toString()).err())
                .contains("Error from server (NotFound)").contains("namespaces \"does-not-exist\" not found");
    }

    private static void waitFor(Path file, String regex) throws Exception {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && pattern.matcher(Files.readString(file)).find()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no match for " + regex + " in:\n" + (Files.exists(file) ? Files.readString(file) : ""));
    }
}
