package dev.ordinal.it.kubectl;

import java.nio.file.Files;
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
import static dev.ordinal.it.kubectl.Printed.line;
import static dev.ordinal.it.kubectl.Printed.lineStart;
import static dev.ordinal.it.kubectl.StatefulSetManifests.withClaims;
import static dev.ordinal.it.kubectl.StatefulSetManifests.withPorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The ways kubectl changes objects, as on a real cluster: client-side apply (unchanged, dropped
 * fields), diff against a server-side dry run, edit, replace, run, label and annotate with and
 * without --overwrite, and delete with each cascade.
 */
@ContractServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlEditingIT {

    @LocalServerPort
    int port;

    Kubectl kubectl;

    @BeforeAll
    void namespace() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        kubectl = new Kubectl(port, "editing");
        assertPrinted(kubectl("create", "namespace", "editing")).contains("namespace/editing created");
    }

    private Kubectl.Result kubectl(String... args) {
        return kubectl.run(args);
    }

    private String manifest(String name, String content) {
        return kubectl.file(name, content).toString();
    }

    @Test
    @Order(1)
    void applyingTwiceChangesNothingAndADroppedPortGoes() {
        String twoPorts = manifest("app.yaml", withPorts("app", 1,
                "[{name: http, containerPort: 80}, {name: https, containerPort: 443}]"));
        String onePort = manifest("app-v2.yaml", withPorts("app", 1, "[{name: http, containerPort: 80}]"));

        assertPrinted(kubectl("apply", "-f", twoPorts)).contains("statefulset.apps/app created");
        assertPrinted(kubectl("apply", "-f", twoPorts)).contains("statefulset.apps/app unchanged");
        assertPrinted(kubectl("apply", "-f", onePort)).contains("statefulset.apps/app configured");
        assertPrinted(kubectl("get", "sts", "app", "-o", "jsonpath={.spec.template.spec.containers[0].ports[*].name}"))
                .isEqualTo("http");
        assertPrinted(kubectl("apply", "-f", onePort)).contains("statefulset.apps/app unchanged");
    }

    @Test
    @Order(2)
    void reapplyingClaimTemplatesPrintsConfiguredAndChangesNothing() {
        // As on a real cluster (kubernetes/kubernetes#66450): volumeClaimTemplates is an atomic list,
        // and the stored one carries the server's defaults, so kubectl always sends it again; the
        // server finds nothing changed.
        String claims = manifest("claims.yaml", withClaims("claims", 1));
        assertPrinted(kubectl("apply", "-f", claims)).contains("statefulset.apps/claims created");
        assertPrinted(kubectl("rollout", "status", "sts/claims", "--timeout=60s"))
                .contains("partitioned roll out complete: 1 new pods have been updated...");
        String before = kubectl("get", "sts", "claims", "-o", "jsonpath={.metadata.resourceVersion}").out();
        assertPrinted(kubectl("apply", "-f", claims)).contains("statefulset.apps/claims configured");
        assertPrinted(kubectl("get", "sts", "claims", "-o", "jsonpath={.metadata.resourceVersion}")).isEqualTo(before);
        assertPrinted(kubectl("diff", "-f", claims)).isEmpty();
    }

    @Test
    @Order(3)
    void diffShowsWhatTheServerWouldStoreAndStoresNothing() {
        String same = kubectl.home().resolve("app-v2.yaml").toString();
        Kubectl.Result unchanged = kubectl("diff", "-f", same);
        assertThat(unchanged.exitCode()).as(unchanged.toString()).isZero();
        assertPrinted(unchanged).isEmpty();

        String scaled = manifest("app-v3.yaml", withPorts("app", 3, "[{name: http, containerPort: 80}]"));
        Kubectl.Result changed = kubectl("diff", "-f", scaled);
        assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(1);
        assertPrinted(changed)
                .containsPattern(line("-  replicas: 1")).containsPattern(line("\\+  replicas: 3"))
                .containsPattern(line("-  generation: 2")).containsPattern(line("\\+  generation: 3"))
                .doesNotContainPattern(line("[-+]  resourceVersion: .*"));
        assertPrinted(kubectl("get", "sts", "app", "-o", "jsonpath={.spec.replicas}")).isEqualTo("1");

        String fresh = manifest("fresh.yaml", withPorts("fresh", 1, "[]"));
        assertPrinted(kubectl("diff", "-f", fresh)).containsPattern(line("\\+  name: fresh"))
                .doesNotContainPattern(line("\\+  resourceVersion: .*"));
        assertPrinted(kubectl("get", "sts", "fresh"))
                .contains("Error from server (NotFound): statefulsets.apps \"fresh\" not found");
    }

    @Test
    @Order(4)
    void edit() throws Exception {
        assertPrinted(kubectl.run(Map.of("EDITOR", "true"), "edit", "sts", "app"))
                .contains("Edit cancelled, no changes made.");
        assertPrinted(kubectl.run(Map.of("EDITOR", "sed -i s/replicas:.1$/replicas:\\ 2/"), "edit", "sts", "app"))
                .contains("statefulset.apps/app edited");
        assertPrinted(kubectl("get", "sts", "app", "-o", "jsonpath={.spec.replicas}")).isEqualTo("2");

        // An invalid edit is refused with the server's causes written into the copy kubectl keeps.
        Kubectl.Result invalid = kubectl.run(Map.of("EDITOR", "sed -i s/replicas:.2$/replicas:\\ -1/"),
                "edit", "sts", "app");
        assertPrinted(invalid).contains("error: statefulsets.apps \"app\" is invalid")
                .contains("error: Edit cancelled, no valid changes were saved.");
        Matcher copy = Pattern.compile("A copy of your changes has been stored to \"([^\"]+)\"").matcher(invalid.err());
        assertThat(copy.find()).as(invalid.toString()).isTrue();
        assertThat(Files.readString(Path.of(copy.group(1))))
                .contains("# statefulsets.apps \"app\" was not valid:")
                .contains("# * spec.replicas: Invalid value: -1: must be greater than or equal to 0");
        assertPrinted(kubectl("get", "sts", "app", "-o", "jsonpath={.spec.replicas}")).isEqualTo("2");
    }

    @Test
    @Order(5)
    void replace() {
        String live = kubectl("get", "sts", "app", "-o", "yaml").out();
        String edited = manifest("app-live.yaml", live.replaceFirst("(?m)^  replicas: 2$", "  replicas: 1"));
        assertPrinted(kubectl("replace", "-f", edited)).contains("statefulset.apps/app replaced");
        assertPrinted(kubectl("get", "sts", "app", "-o", "jsonpath={.spec.replicas}")).isEqualTo("1");
        // The file still carries the resourceVersion it was read at.
        assertPrinted(kubectl("replace", "-f", edited)).contains("Error from server (Conflict): error when replacing \""
                + edited + "\": Operation cannot be fulfilled on statefulsets.apps \"app\": the object has been "
                + "modified; please apply your changes to the latest version and try again");

        String uid = kubectl("get", "sts", "app", "-o", "jsonpath={.metadata.uid}").out();
        assertPrinted(kubectl("replace", "--force", "-f", edited)).contains("statefulset.apps \"app\" deleted")
                .contains("statefulset.apps/app replaced");
        assertPrinted(kubectl("get", "sts", "app", "-o", "jsonpath={.metadata.uid}")).isNotEqualTo(uid).isNotEmpty();
    }

    @Test
    @Order(6)
    void run() {
        assertPrinted(kubectl("run", "solo", "--image=busybox:1.36", "--labels=tier=one", "--env=MODE=fast"))
                .contains("pod/solo created");
        assertPrinted(kubectl("get", "pod", "solo", "-o",
                "jsonpath={.metadata.labels.tier} {.spec.containers[0].env[0].value} {.spec.restartPolicy}"))
                .isEqualTo("one fast Always");
        assertPrinted(kubectl("run", "ghost", "--image=busybox:1.36", "--dry-run=server"))
                .contains("pod/ghost created (server dry run)");
        assertPrinted(kubectl("get", "pod", "ghost")).contains("Error from server (NotFound): pods \"ghost\" not found");
        assertPrinted(kubectl("run", "solo", "--image=busybox:1.36"))
                .contains("Error from server (AlreadyExists): pods \"solo\" already exists");
    }

    @Test
    @Order(7)
    void labelAndAnnotate() {
        assertPrinted(kubectl("label", "pod", "solo", "tier=two")).contains("error: 'tier' already has a value (one), "
                + "and --overwrite is false");
        assertPrinted(kubectl("label", "pod", "solo", "tier=two", "--overwrite")).contains("pod/solo labeled");
        assertPrinted(kubectl("get", "pods", "-l", "tier=two", "-o", "name")).isEqualTo("pod/solo\n");
        assertPrinted(kubectl("label", "pod", "solo", "tier-", "run-")).contains("pod/solo unlabeled");
        assertPrinted(kubectl("get", "pod", "solo", "--show-labels")).containsPattern(lineStart("solo .* <none>$"));

        assertPrinted(kubectl("annotate", "pod", "solo", "note=a")).contains("pod/solo annotated");
        assertPrinted(kubectl("annotate", "pod", "solo", "note=b")).contains("error: --overwrite is false but found the "
                + "following declared annotation(s): 'note' already has a value (a)");
        assertPrinted(kubectl("annotate", "pod", "solo", "note=b", "--overwrite")).contains("pod/solo annotated");
        assertPrinted(kubectl("get", "pod", "solo", "-o", "jsonpath={.metadata.annotations.note}")).isEqualTo("b");
        assertPrinted(kubectl("annotate", "pod", "solo", "note-")).contains("pod/solo annotated");
        // Without its last annotation the object has no annotations at all, not an empty map.
        assertPrinted(kubectl("get", "pod", "solo", "-o", "yaml")).doesNotContainPattern(line("  annotations:.*"));
    }

    @Test
    @Order(8)
    void deleteWithEachCascade() {
        for (String name : new String[] {"bg", "fg", "orphan"}) {
            assertPrinted(kubectl("apply", "-f", manifest(name + ".yaml", withClaims(name, 2))))
                    .contains("statefulset.apps/" + name + " created");
            assertPrinted(kubectl("rollout", "status", "sts/" + name, "--timeout=60s"))
                    .contains("partitioned roll out complete: 2 new pods have been updated...");
        }

        assertPrinted(kubectl("delete", "sts", "bg", "--cascade=background")).contains("statefulset.apps \"bg\" deleted");
        assertPrinted(kubectl("wait", "--for=delete", "pod/bg-0", "pod/bg-1", "--timeout=60s"))
                .doesNotContain("error");
        assertPrinted(kubectl("get", "pods", "-l", "app=bg")).contains("No resources found in editing namespace.");

        // Foreground: the set is gone only after its pods, and kubectl waits for the set.
        assertPrinted(kubectl("delete", "sts", "fg", "--cascade=foreground")).contains("statefulset.apps \"fg\" deleted");
        assertPrinted(kubectl("get", "pods", "-l", "app=fg")).contains("No resources found in editing namespace.");

        assertPrinted(kubectl("delete", "sts", "orphan", "--cascade=orphan"))
                .contains("statefulset.apps \"orphan\" deleted");
        assertPrinted(kubectl("get", "pods", "-l", "app=orphan"))
                .containsPattern(lineStart("orphan-0 +1/1 +Running")).containsPattern(lineStart("orphan-1 +1/1 +Running"));
        assertPrinted(kubectl("get", "pod", "orphan-0", "-o", "jsonpath={.metadata.ownerReferences}")).isEmpty();

        // Claims outlive their set whatever the cascade (whenDeleted: Retain).
        assertPrinted(kubectl("get", "pvc", "-o", "name")).contains("persistentvolumeclaim/data-bg-0")
                .contains("persistentvolumeclaim/data-fg-1").contains("persistentvolumeclaim/data-orphan-0");
    }
}
