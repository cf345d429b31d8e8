package dev.ordinal.api.openapi;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ordinal.testing.Kubectl;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What kubectl makes of the OpenAPI documents: explain, and server-side validation of create -f. */
@ServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiKubectlTest {

    @LocalServerPort
    int port;

    Kubectl kubectl;

    @BeforeAll
    void kubectl() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        kubectl = new Kubectl(port, "openapi-test");
    }

    /** Every served kind, by resource name, with the group and kind kubectl must resolve it to. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({
            "namespaces,'',Namespace", "pods,'',Pod", "persistentvolumeclaims,'',PersistentVolumeClaim",
            "persistentvolumes,'',PersistentVolume", "services,'',Service", "endpoints,'',Endpoints",
            "events,'',Event", "nodes,'',Node", "configmaps,'',ConfigMap", "secrets,'',Secret",
            "serviceaccounts,'',ServiceAccount", "statefulsets.apps,apps,StatefulSet",
            "controllerrevisions.apps,apps,ControllerRevision", "deployments.apps,apps,Deployment",
            "replicasets.apps,apps,ReplicaSet", "daemonsets.apps,apps,DaemonSet",
            "endpointslices.discovery.k8s.io,discovery.k8s.io,EndpointSlice",
            "storageclasses.storage.k8s.io,storage.k8s.io,StorageClass",
            "events --api-version=events.k8s.io/v1,events.k8s.io,Event",
            "poddisruptionbudgets.policy,policy,PodDisruptionBudget", "leases.coordination.k8s.io,coordination.k8s.io,Lease",
            "validatingwebhookconfigurations,admissionregistration.k8s.io,ValidatingWebhookConfiguration",
            "mutatingwebhookconfigurations,admissionregistration.k8s.io,MutatingWebhookConfiguration"})
    void explainsEveryServedKind(String resource, String group, String kind) {
        List<String> args = new java.util.ArrayList<>(List.of("explain"));
        args.addAll(List.of(resource.split(" ")));
        Kubectl.Result result = kubectl.run(args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertLines(result, "^KIND: +" + kind + "$", "^VERSION: +v1$", "^  metadata\t<ObjectMeta>( -required-)?$");
        if (!group.isEmpty()) {
            assertLines(result, "^GROUP: +" + Pattern.quote(group) + "$");
        }
    }

    /** Nested paths through the types a StatefulSet touches, with the field's type as explain prints it. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "pods.spec.containers.readinessProbe|readinessProbe <Probe>",
            "pods.spec.containers.ports|ports <[]ContainerPort>",
            "pods.spec.tolerations|tolerations <[]Toleration>",
            "pods.status.conditions|conditions <[]PodCondition>",
            "pvc.spec.resources|resources <VolumeResourceRequirements>",
            "pv.spec.claimRef|claimRef <ObjectReference>",
            "statefulset.spec.persistentVolumeClaimRetentionPolicy|persistentVolumeClaimRetentionPolicy <StatefulSetPersistentVolumeClaimRetentionPolicy>",
            "statefulset.spec.template.spec.affinity.nodeAffinity|nodeAffinity <NodeAffinity>",
            "statefulset.status.currentRevision|currentRevision <string>",
            "service.spec.ports.targetPort|targetPort <IntOrString>",
            "endpointslices.endpoints.conditions|conditions <EndpointConditions>",
            "controllerrevisions.revision|revision <integer>",
            "deployment.spec.strategy.rollingUpdate.maxSurge|maxSurge <IntOrString>",
            "replicaset.status.fullyLabeledReplicas|fullyLabeledReplicas <integer>"})
    void explainsNestedPaths(String path, String field) {
        Kubectl.Result result = kubectl.run("explain", path);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertLines(result, "^FIELD: +" + Pattern.quote(field) + "$");
    }

    @Test
    void explainsAKind() {
        Kubectl.Result result = kubectl.run("explain", "statefulset");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertLines(result, "^GROUP: +apps$", "^KIND: +StatefulSet$", "^VERSION: +v1$",
                "^  spec\t<StatefulSetSpec>$", "^  status\t<StatefulSetStatus>$");
    }

    @Test
    void explainsAField() {
        Kubectl.Result result = kubectl.run("explain", "statefulset.spec");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertLines(result, "^FIELD: +spec <StatefulSetSpec>$", "^  replicas\t<integer>$",
                "^  selector\t<LabelSelector> -required-$", "^  volumeClaimTemplates\t<\\[\\]PersistentVolumeClaim>$");
    }

    @Test
    void explainsANestedField() {
        Kubectl.Result result = kubectl.run("explain", "statefulset.spec.updateStrategy.rollingUpdate");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertLines(result, "^FIELD: +rollingUpdate <RollingUpdateStatefulSetStrategy>$",
                "^  partition\t<integer>$", "^  maxUnavailable\t<IntOrString>$");
    }

    @Test
    void explainsCoreKindsByShortName() {
        Kubectl.Result containers = kubectl.run("explain", "pod.spec.containers");
        assertThat(containers.exitCode()).as(containers.toString()).isZero();
        assertLines(containers, "^KIND: +Pod$", "^FIELD: +containers <\\[\\]Container>$",
                "^  name\t<string> -required-$", "^  resources\t<ResourceRequirements>$");

        Kubectl.Result claim = kubectl.run("explain", "pvc.spec");
        assertThat(claim.exitCode()).as(claim.toString()).isZero();
        assertLines(claim, "^KIND: +PersistentVolumeClaim$", "^FIELD: +spec <PersistentVolumeClaimSpec>$",
                "^  accessModes\t<\\[\\]string>$", "^  resources\t<VolumeResourceRequirements>$");
    }

    @Test
    void createWithDefaultValidationLeavesValidationToTheServer() {
        kubectl.run("create", "namespace", "openapi-test");
        Path manifest = kubectl.file("settings.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data:
                  log-level: info
                """);

        Kubectl.Result result = kubectl.run("create", "-f", manifest.toString(), "-v=6");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("configmap/settings created");
        // kubectl found fieldValidation on ConfigMap's PATCH operation, so it asks the server to validate.
        assertThat(result.err()).containsPattern("POST \\S+/api/v1/namespaces/openapi-test/configmaps\\?\\S*"
                + "fieldValidation=Strict");
    }

    private static void assertLines(Kubectl.Result result, String... patterns) {
        for (String pattern : patterns) {
            assertThat(Pattern.compile(pattern, Pattern.MULTILINE).matcher(result.out()).find())
                    .as("%s in%n%s", pattern, result.out()).isTrue();
        }
    }
}
