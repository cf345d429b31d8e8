package dev.ordinal.registry.core;

import static dev.ordinal.registry.core.RegistrySteps.asRead;
import static dev.ordinal.registry.core.RegistrySteps.edited;
import static dev.ordinal.registry.core.RegistrySteps.object;
import static dev.ordinal.registry.core.RegistrySteps.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.testing.MemoryRegistry;

class PodStrategyTest {

    private static final String POD = """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-0", "namespace": "default"},
             "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25",
                                      "ports": [{"name": "web", "containerPort": 80}]}]}}
            """;

    private final PodStrategy strategy = new PodStrategy();
    private final MemoryRegistry memory = new MemoryRegistry();
    private final RegistrySteps steps = new RegistrySteps(memory,
            new CoreResources().pods(new PodBinder(memory.store(), memory.clock()),
            new PodEviction(memory.store(), new StaticListableBeanFactory(java.util.Map.of("registry", memory.registry()))
                    .getBeanProvider(GenericRegistry.class), memory.clock()),
            new PodStreaming(memory.registry(), () -> {
                throw new UnsupportedOperationException("no node in this test");
            }), memory.registry()));

    /** As a real server shows it, less what admission adds (its ServiceAccount and token volume). */
    @Test
    void createsAPodAsARealServerShowsIt() {
        Unstructured pod = steps.created(POD);

        assertThat(asRead(pod.json().get("spec"))).isEqualTo(tree("""
                {"containers": [{"name": "nginx", "image": "nginx:1.25",
                                 "ports": [{"name": "web", "containerPort": 80, "protocol": "TCP"}],
                                 "resources": {},
                                 "terminationMessagePath": "/dev/termination-log",
                                 "terminationMessagePolicy": "File",
                                 "imagePullPolicy": "IfNotPresent"}],
                 "restartPolicy": "Always",
                 "terminationGracePeriodSeconds": 30,
                 "dnsPolicy": "ClusterFirst",
                 "securityContext": {},
                 "schedulerName": "default-scheduler",
                 "tolerations": [
                   {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
                    "tolerationSeconds": 300},
                   {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
                    "tolerationSeconds": 300}],
                 "priority": 0,
                 "enableServiceLinks": true,
                 "preemptionPolicy": "PreemptLowerPriority"}
                """));
        assertThat(pod.json().get("status")).isEqualTo(tree("""
                {"phase": "Pending", "qosClass": "BestEffort"}
                """));
    }

    @ParameterizedTest
    @CsvSource({
            "nginx, Always",
            "nginx:latest, Always",
            "registry.k8s.io:5000/nginx, Always",
            "nginx:1.25, IfNotPresent",
            "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, IfNotPresent"})
    void pullsAlwaysOnlyTheLatestImage(String image, String pullPolicy) {
        Unstructured pod = steps.created(POD.replace("nginx:1.25", image));

        assertThat(pod.at("spec.containers").get(0).get("imagePullPolicy").asString()).isEqualTo(pullPolicy);
    }

    @Test
    void keepsWhatTheClientSetAndToleratesWhatItAlreadyTolerates() {
        Unstructured pod = steps.created("""
                {"metadata": {"name": "p"},
                 "spec": {"serviceAccount": "builder", "restartPolicy": "Never",
                          "tolerations": [{"operator": "Exists", "effect": "NoExecute"}],
                          "containers": [{"name": "c", "image": "busybox", "imagePullPolicy": "Never"}]}}
                """);

        assertThat(pod.at("spec.serviceAccountName").asString()).isEqualTo("builder");
        assertThat(pod.at("spec.restartPolicy").asString()).isEqualTo("Never");
        assertThat(pod.at("spec.containers").get(0).get("imagePullPolicy").asString()).isEqualTo("Never");
        assertThat(pod.at("spec.tolerations")).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {}                                                                         | BestEffort
            {"limits": {"cpu": "500m", "memory": "128Mi"}}                             | Guaranteed
            {"requests": {"cpu": "0.5", "memory": "128Mi"}, "limits": {"cpu": "500m", "memory": "128Mi"}} | Guaranteed
            {"requests": {"cpu": "100m"}}                                              | Burstable
            {"requests": {"cpu": "100m", "memory": "64Mi"}, "limits": {"cpu": "200m", "memory": "64Mi"}} | Burstable
            """)
    void computesTheQosClassFromRequestsAndLimits(String resources, String qosClass) {
        Unstructured pod = steps.created(POD.replace("\"image\": \"nginx:1.25\"",
                "\"image\": \"nginx:1.25\", \"resources\": " + resources));

        assertThat(pod.at("status.qosClass").asString()).isEqualTo(qosClass);
    }

    @Test
    void requestsDefaultToLimits() {
        Unstructured pod = steps.created(POD.replace("\"image\": \"nginx:1.25\"",
                "\"image\": \"nginx:1.25\", \"resources\": {\"limits\": {\"memory\": \"1Gi\"}}"));

        assertThat(pod.at("spec.containers").get(0).get("resources")).isEqualTo(tree("""
                {"limits": {"memory": "1Gi"}, "requests": {"memory": "1Gi"}}
                """));
    }

    @Test
    void requiresContainersWithUpstreamPathsAndMessages() {
        assertThat(steps.createErrors("""
                {"metadata": {"name": "p"}, "spec": {}}
                """)).containsExactly("spec.containers: Required value");

        assertThat(steps.createErrors("""
                {"metadata": {"name": "p"},
                 "spec": {"restartPolicy": "Sometimes",
                          "containers": [{"name": "Web_1", "image": ""},
                                         {"name": "db", "image": "postgres",
                                          "ports": [{"containerPort": 70000, "protocol": "HTTP"}],
                                          "volumeMounts": [{"name": "data", "mountPath": "/data"}]}]}}
                """)).containsExactly(
                "spec.containers[0].name: Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower "
                        + "case alphanumeric characters or '-', and must start and end with an alphanumeric character "
                        + "(e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
                "spec.containers[0].image: Required value",
                "spec.containers[1].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.containers[1].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
                "spec.containers[1].volumeMounts[0].name: Not found: \"data\"",
                "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"");
    }

    @Test
    void refusesDuplicateNamesAndVolumesWithoutASource() {
        assertThat(steps.createErrors("""
                {"metadata": {"name": "p"},
                 "spec": {"volumes": [{"name": "data", "persistentVolumeClaim": {}},
                                      {"name": "cache", "emptyDir": {}, "hostPath": {"path": "/tmp"}}],
                          "containers": [{"name": "c", "image": "busybox"}, {"name": "c", "image": "busybox"}]}}
                """)).containsExactly(
                "spec.volumes[0].persistentVolumeClaim.claimName: Required value",
                "spec.volumes[1].hostPath: Forbidden: may not specify more than 1 volume type",
                "spec.containers[1].name: Duplicate value: \"c\"");
    }

    @Test
    void anUpdateMayChangeImagesAndAddTolerations() {
        Unstructured old = steps.created(POD);

        assertThat(steps.updateErrors(old, edited(old, pod -> container(pod).put("image", "nginx:1.26")))).isEmpty();
        assertThat(steps.updateErrors(old, edited(old, pod -> ((ArrayNode) pod.at("/spec/tolerations")).addObject()
                .put("key", "dedicated").put("operator", "Equal").put("value", "db").put("effect", "NoSchedule"))))
                .isEmpty();
    }

    @Test
    void aResentManifestKeepsPriorityAndDefaultTolerations() {
        String manifest = POD.replace("\"containers\"", "\"serviceAccountName\": \"default\", \"containers\"");
        Unstructured old = steps.created(manifest);

        Unstructured update = steps.updated(old, manifest);

        assertThat(update.json().get("spec")).isEqualTo(old.json().get("spec"));
    }

    @Test
    void anUpdateMayNotChangeAnythingElse() {
        Unstructured old = steps.created(POD);

        assertThat(steps.updateErrors(old, edited(old, pod -> ((ObjectNode) container(pod).at("/ports/0"))
                .put("containerPort", 8080)))).containsExactly(
                "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
                        + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions "
                        + "to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it "
                        + "was previously negative)");
        assertThat(steps.updateErrors(old, edited(old, pod -> ((ArrayNode) pod.at("/spec/containers")).addObject()
                .put("name", "sidecar").put("image", "envoy"))))
                .containsExactly("spec.containers: Forbidden: pod updates may not add or remove containers");
    }

    @Test
    void anExistingTolerationMayOnlyChangeItsSeconds() {
        Unstructured old = steps.created(POD.replace("\"containers\"", """
                "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "db", "effect": "NoExecute",
                                 "tolerationSeconds": 60}],
                "containers\"""".strip()));

        assertThat(steps.updateErrors(old, edited(old, pod -> ((ObjectNode) pod.at("/spec/tolerations/0"))
                .put("tolerationSeconds", 30)))).isEmpty();
        assertThat(steps.updateErrors(old, edited(old, pod -> ((ObjectNode) pod.at("/spec/tolerations/0"))
                .put("value", "cache")))).containsExactly(
                "spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds");
    }

    @Test
    void anActiveDeadlineMayOnlyShrink() {
        Unstructured old = steps.created(POD.replace("\"containers\"",
                "\"activeDeadlineSeconds\": 60, \"containers\""));

        assertThat(steps.updateErrors(old, edited(old, pod -> spec(pod).put("activeDeadlineSeconds", 30)))).isEmpty();
        assertThat(steps.updateErrors(old, edited(old, pod -> spec(pod).put("activeDeadlineSeconds", 90))))
                .containsExactly("spec.activeDeadlineSeconds: Invalid value: 90: must be less than or equal to previous value");
        assertThat(steps.updateErrors(old, edited(old, pod -> spec(pod).remove("activeDeadlineSeconds"))))
                .containsExactly("spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive "
                        + "integer to nil value");
    }

    @Test
    void selectsByUpstreamPodFields() {
        Unstructured pod = steps.created(POD.replace("\"containers\"",
                "\"nodeName\": \"node-1\", \"serviceAccountName\": \"default\", \"containers\""));
        pod = steps.statusWritten(pod, """
                {"phase": "Running", "podIP": "10.244.1.5", "qosClass": "BestEffort"}
                """);

        assertThat(strategy.selectableFields(pod)).containsAllEntriesOf(Map.of(
                "spec.nodeName", "node-1",
                "spec.host", "node-1",
                "spec.restartPolicy", "Always",
                "spec.schedulerName", "default-scheduler",
                "spec.serviceAccountName", "default",
                "spec.hostNetwork", "false",
                "status.phase", "Running",
                "status.podIP", "10.244.1.5",
                "status.nominatedNodeName", ""));
        assertThat(strategy.selectableFieldNames()).containsExactlyInAnyOrder("spec.nodeName", "spec.host",
                "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
                "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName");
    }

    @Test
    void aStatusWriteKeepsTheQosClassAndPairsTheIpFields() {
        Unstructured old = steps.created(POD);

        Unstructured pod = steps.statusWritten(old, """
                {"phase": "Running", "podIP": "10.244.1.5"}
                """);

        assertThat(pod.json().get("status")).isEqualTo(tree("""
                {"phase": "Running", "podIP": "10.244.1.5", "podIPs": [{"ip": "10.244.1.5"}], "qosClass": "BestEffort"}
                """));
        assertThat(steps.statusErrors(pod, """
                {"phase": "Running", "qosClass": "Guaranteed"}
                """)).containsExactly("status.qosClass: Invalid value: \"Guaranteed\": field is immutable");
    }

    @Test
    void aTerminatedContainerOfAPodThatNeverRestartsStaysTerminated() {
        Unstructured old = steps.statusWritten(steps.created(POD.replace("\"containers\"",
                "\"restartPolicy\": \"Never\", \"containers\"")), """
                {"phase": "Succeeded", "qosClass": "BestEffort",
                 "containerStatuses": [{"name": "nginx", "state": {"terminated": {"exitCode": 0}}}]}
                """);

        assertThat(steps.statusErrors(old, """
                {"phase": "Running", "qosClass": "BestEffort",
                 "containerStatuses": [{"name": "nginx", "state": {"running": {}}}]}
                """)).containsExactly("status.containerStatuses[0].state: Forbidden: may not be transitioned to "
                + "non-terminated state");
    }

    @Test
    void deletesAnUnscheduledPodAtOnce() {
        Unstructured pod = steps.created(POD);

        assertThat(strategy.gracePeriodSeconds(pod, null)).isZero();
        assertThat(strategy.gracePeriodSeconds(pod, 10L)).isZero();
    }

    @Test
    void givesAScheduledPodItsGracePeriod() {
        Unstructured pod = steps.created(POD.replace("\"containers\"",
                "\"nodeName\": \"node-1\", \"serviceAccountName\": \"default\", \"containers\""));

        assertThat(strategy.gracePeriodSeconds(pod, null)).isEqualTo(30);
        assertThat(strategy.gracePeriodSeconds(pod, 5L)).isEqualTo(5);
        assertThat(strategy.gracePeriodSeconds(pod, 0L)).isZero();
        assertThat(strategy.gracePeriodSeconds(pod, -3L)).isEqualTo(1);
    }

    @Test
    void deletesAFinishedPodAtOnce() {
        Unstructured pod = steps.created(POD.replace("\"containers\"",
                "\"nodeName\": \"node-1\", \"serviceAccountName\": \"default\", \"containers\""));
        pod.json().withObjectProperty("status").put("phase", "Succeeded");

        assertThat(strategy.gracePeriodSeconds(pod, null)).isZero();
    }

    @Test
    void holdsDeletionWhileTheGracePeriodRuns() {
        Unstructured pod = object(POD);
        assertThat(strategy.holdsDeletion(pod)).isFalse();

        pod.metadata().put("deletionTimestamp", "2025-01-01T00:00:30Z").put("deletionGracePeriodSeconds", 30);
        assertThat(strategy.holdsDeletion(pod)).isTrue();

        pod.metadata().put("deletionGracePeriodSeconds", 0);
        assertThat(strategy.holdsDeletion(pod)).isFalse();
    }

    private static ObjectNode spec(ObjectNode pod) {
        return (ObjectNode) pod.get("spec");
    }

    private static ObjectNode container(ObjectNode pod) {
        return (ObjectNode) pod.at("/spec/containers/0");
    }
}
