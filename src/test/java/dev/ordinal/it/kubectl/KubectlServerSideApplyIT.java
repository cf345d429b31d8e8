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
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Server-side apply, managedFields and field validation as the real kubectl sees them: applies
 * that change nothing, manifests that drop fields, conflicts between field managers and
 * {@code --force-conflicts}, the migration from client-side apply, and strict and warning field
 * validation with a real cluster's messages.
 */
@ServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlServerSideApplyIT {

    @LocalServerPort
    int port;

    Kubectl kubectl;

    private static String statefulSet(String name, int replicas, String ports) {
        return """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: %s
                spec:
                  replicas: %d
                  serviceName: nginx
                  selector:
                    matchLabels: {app: %s}
                  template:
                    metadata:
                      labels: {app: %s}
                    spec:
                      containers:
                      - name: nginx
                        image: registry.k8s.io/nginx-slim:0.24
                        ports: %s
                """.formatted(name, replicas, name, name, ports);
    }

    private Path manifest(String file, String content) {
        return kubectl.file(file, content);
    }

    private String get(String name, String jsonPath) {
        return kubectl.run("get", "sts", name, "-o", "jsonpath=" + jsonPath).out();
    }

    @BeforeAll
    void kubectl() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        kubectl = new Kubectl(port, "ssa");
        Kubectl.Result namespace = kubectl.run("create", "-f", manifest("ns.yaml",
                "apiVersion: v1\nkind: Namespace\nmetadata: {name: ssa}\n").toString());
        assertThat(namespace.out()).as(namespace.toString()).contains("namespace/ssa created");
    }

    @Test
    @Order(1)
    void applyingTheSameManifestTwiceChangesNothing() {
        Path web = manifest("web.yaml", statefulSet("web", 2, "[{containerPort: 80, name: web}, "
                + "{containerPort: 443, name: tls}]"));
        Kubectl.Result first = kubectl.run("apply", "--server-side", "-f", web.toString());
        assertThat(first.out()).as(first.toString()).contains("statefulset.apps/web serverside-applied");
        String before = get("web", "{.metadata.generation} {.spec} {.metadata.managedFields[0].fieldsV1}");

        Kubectl.Result second = kubectl.run("apply", "--server-side", "-f", web.toString());
        assertThat(second.out()).as(second.toString()).contains("statefulset.apps/web serverside-applied");
        assertThat(get("web", "{.metadata.generation} {.spec} {.metadata.managedFields[0].fieldsV1}"))
                .isEqualTo(before);
    }

    @Test
    @Order(2)
    void aManifestThatDropsAPortRemovesIt() {
        Path web = manifest("web.yaml", statefulSet("web", 2, "[{containerPort: 80, name: web}]"));
        Kubectl.Result result = kubectl.run("apply", "--server-side", "-f", web.toString());
        assertThat(result.out()).as(result.toString()).contains("statefulset.apps/web serverside-applied");
        assertThat(get("web", "{.spec.template.spec.containers[0].ports[*].containerPort}")).isEqualTo("80");
    }

    @Test
    @Order(3)
    void managedFieldsShowEveryManager() {
        Kubectl.Result scaled = kubectl.run("scale", "sts", "web", "--replicas=3");
        assertThat(scaled.out()).as(scaled.toString()).contains("statefulset.apps/web scaled");

        String yaml = kubectl.run("get", "sts", "web", "--show-managed-fields", "-o", "yaml").out();
        assertThat(yaml).contains("managedFields:")
                .containsPattern("(?m)^  - apiVersion: apps/v1\\n    fieldsType: FieldsV1\\n    fieldsV1:\\n")
                .containsPattern("(?m)^    manager: kubectl\\n    operation: Apply\\n")
                .containsPattern("(?m)^    manager: kubectl\\n    operation: Update\\n    subresource: scale\\n")
                .contains("f:replicas: {}")
                .contains("k:{\"containerPort\":80,\"protocol\":\"TCP\"}:");
        assertThat(kubectl.run("get", "sts", "web", "-o", "yaml").out()).doesNotContain("managedFields:");
    }

    @Test
    @Order(4)
    void anotherManagersReplicasMakeApplyFailUntilForced() {
        Path web = manifest("web.yaml", statefulSet("web", 2, "[{containerPort: 80, name: web}]"));
        Kubectl.Result conflict = kubectl.run("apply", "--server-side", "-f", web.toString());
        assertThat(conflict.exitCode()).isNotZero();
        assertThat(conflict.err()).as(conflict.toString()).contains("error: Apply failed with 1 conflict: "
                + "conflict with \"kubectl\" with subresource \"scale\" using apps/v1: .spec.replicas");

        Path other = manifest("other.yaml", statefulSet("web", 4, "[{containerPort: 80, name: web}]"));
        Kubectl.Result otherConflict = kubectl.run("apply", "--server-side", "--field-manager=other", "-f",
                other.toString());
        assertThat(otherConflict.err()).as(otherConflict.toString()).contains("error: Apply failed with 1 conflict: "
                + "conflict with \"kubectl\" with subresource \"scale\" using apps/v1: .spec.replicas");

        Kubectl.Result forced = kubectl.run("apply", "--server-side", "--force-conflicts", "-f", web.toString());
        assertThat(forced.out()).as(forced.toString()).contains("statefulset.apps/web serverside-applied");
        assertThat(get("web", "{.spec.replicas}")).isEqualTo("2");
        assertThat(get("web", "{.metadata.managedFields[*].subresource}")).doesNotContain("scale");

        Kubectl.Result fromOther = kubectl.run("apply", "--server-side", "--field-manager=other", "-f",
                other.toString());
        assertThat(fromOther.err()).as(fromOther.toString()).contains("error: Apply failed with 1 conflict: "
                + "conflict with \"kubectl\": .spec.replicas");
    }

    @Test
    @Order(5)
    void serverDryRunStoresNothing() {
        Path web = manifest("web.yaml", statefulSet("web", 7, "[{containerPort: 80, name: web}]"));
        Kubectl.Result dryRun = kubectl.run("apply", "--server-side", "--dry-run=server", "-f", web.toString());
        assertThat(dryRun.out()).as(dryRun.toString()).contains("statefulset.apps/web serverside-applied (server dry run)");
        assertThat(get("web", "{.spec.replicas}")).isEqualTo("2");
    }

    @Test
    @Order(6)
    void serverSideApplyTakesOverFromClientSideApply() {
        Kubectl.Result created = kubectl.run("apply", "-f",
                manifest("app.yaml", statefulSet("app", 1, "[{containerPort: 80}]")).toString());
        assertThat(created.out()).as(created.toString()).contains("statefulset.apps/app created");
        assertThat(get("app", "{.metadata.managedFields[*].manager}")).contains("kubectl-client-side-apply");

        Kubectl.Result migrated = kubectl.run("apply", "--server-side", "-f",
                manifest("app-v2.yaml", statefulSet("app", 3, "[{containerPort: 80}]")).toString());
        assertThat(migrated.all()).as(migrated.toString()).contains("statefulset.apps/app serverside-applied")
                .doesNotContain("conflict");
        assertThat(get("app", "{.spec.replicas}")).isEqualTo("3");
        assertThat(get("app", "{.metadata.managedFields[?(@.operation==\"Apply\")].manager}").split(" "))
                .containsExactlyInAnyOrder("kubectl", "kubectl-last-applied");
        assertThat(get("app", "{.metadata.managedFields[*].manager}")).doesNotContain("kubectl-client-side-apply");
    }

    @Test
    @Order(7)
    void unknownFieldsFailStrictValidationAndWarnOtherwise() {
        Path bad = manifest("bad.yaml", statefulSet("bad", 1, "[{containerPort: 80}]")
                .replace("  serviceName: nginx\n", "  serviceName: nginx\n  bogusField: 1\n"));
        Kubectl.Result strict = kubectl.run("create", "-f", bad.toString());
        assertThat(strict.err()).as(strict.toString()).contains("Error from server (BadRequest): error when creating \""
                + bad + "\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: "
                + "strict decoding error: unknown field \"spec.bogusField\"");
        assertThat(kubectl.run("get", "sts", "bad").err()).contains("statefulsets.apps \"bad\" not found");

        Kubectl.Result warned = kubectl.run("create", "--validate=warn", "-f", bad.toString());
        assertThat(warned.out()).as(warned.toString()).contains("statefulset.apps/bad created");
        assertThat(warned.err()).contains("Warning: unknown field \"spec.bogusField\"");
        assertThat(kubectl.run("get", "sts", "bad", "-o", "json").out()).doesNotContain("bogusField");
    }
}
