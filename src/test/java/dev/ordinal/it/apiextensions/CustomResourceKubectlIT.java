package dev.ordinal.it.apiextensions;

import java.time.Duration;

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
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A CustomResourceDefinition driven with kubectl as a user drives it: created from YAML and
 * established, its custom resources created, printed with their columns, explained, validated
 * (by the schema and by its CEL rules), scaled, applied server-side, and the CRD deleted with them.
 */
@ServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CustomResourceKubectlIT {

    private static final String NS = "crontabs";

    @LocalServerPort
    int port;

    private Kubectl kubectl;

    @BeforeAll
    void createDefinition() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        kubectl = new Kubectl(port, NS);
        assertThat(kubectl.run("create", "namespace", NS).exitCode()).isZero();
        Kubectl.Result created = kubectl.run(CronTabs.CRD.getBytes(), "apply", "-f", "-");
        assertThat(created.exitCode()).as(created.all()).isZero();
        Kubectl.Result established = kubectl.run("wait", "--for=condition=Established", "--timeout=30s",
                "crd/crontabs.stable.example.com");
        assertThat(established.exitCode()).as(established.all()).isZero();
    }

    @Test
    @Order(1)
    void theDefinitionIsListedAndItsKindDiscovered() {
        Kubectl.Result crds = kubectl.run("get", "crd");
        assertThat(crds.out()).as(crds.all()).containsPattern("NAME\\s+CREATED AT")
                .containsPattern("crontabs.stable.example.com\\s+\\d{4}-\\d\\d-\\d\\dT");
        Kubectl.Result resources = kubectl.run("api-resources", "--api-group=stable.example.com");
        assertThat(resources.out()).as(resources.all())
                .containsPattern("crontabs\\s+ct\\s+stable.example.com/v1\\s+true\\s+CronTab");
    }

    @Test
    @Order(2)
    void customResourcesAreCreatedDefaultedAndPrintedWithTheirColumns() {
        Kubectl.Result created = kubectl.run(CronTabs.cronTab("ct1", """
                cronSpec: "* * * * */5"
                image: my-cron-image
                port: http""").getBytes(), "apply", "-f", "-");
        assertThat(created.exitCode()).as(created.all()).isZero();
        assertThat(kubectl.run("get", "ct", "ct1", "-o", "jsonpath={.spec.replicas}").out()).isEqualTo("1");

        Kubectl.Result table = kubectl.run("get", "crontabs");
        assertThat(table.out()).as(table.all()).containsPattern("NAME\\s+SPEC\\s+REPLICAS\\s+AGE")
                .containsPattern("ct1\\s+\\* \\* \\* \\* \\*/5\\s+1\\s+\\d+s");
        Kubectl.Result wide = kubectl.run("get", "ct", "-o", "wide");
        assertThat(wide.out()).as(wide.all()).containsPattern("NAME\\s+SPEC\\s+REPLICAS\\s+COLOR\\s+AGE")
                // The color is missing: its cell is null, which kubectl prints as nothing.
                .containsPattern("ct1\\s+\\* \\* \\* \\* \\*/5\\s+1\\s+\\d+s");
        assertThat(kubectl.run("get", "all").out()).contains("crontab.stable.example.com/ct1");
    }

    @Test
    @Order(3)
    void badCustomResourcesGetTheSchemasErrors() {
        Kubectl.Result refused = kubectl.run(CronTabs.cronTab("ct-bad", """
                cronSpec: bad
                image: ab
                replicas: 11
                color: pink""").getBytes(), "create", "-f", "-");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("The CronTab \"ct-bad\" is invalid")
                .contains("spec.cronSpec: Invalid value: \"bad\": spec.cronSpec in body should match")
                .contains("spec.image: Invalid value: \"ab\": spec.image in body should be at least 3 chars long")
                .contains("spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10")
                .contains("spec.color: Unsupported value: \"pink\": supported values: \"red\", \"green\"");

        Kubectl.Result unknown = kubectl.run(CronTabs.cronTab("ct-unknown", """
                cronSpec: "* * * * *"
                bogus: 1""").getBytes(), "create", "-f", "-");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("unknown field \"spec.bogus\"");
    }

    @Test
    @Order(4)
    void explainShowsTheSchemasDescriptions() {
        Kubectl.Result explained = kubectl.run("explain", "crontabs.spec.replicas");
        assertThat(explained.exitCode()).as(explained.all()).isZero();
        assertThat(explained.out()).contains("KIND:       CronTab").contains("How many copies run at once.");
    }

    @Test
    @Order(5)
    void scaleWritesTheReplicasThroughTheScaleSubresource() {
        Kubectl.Result scaled = kubectl.run("scale", "ct/ct1", "--replicas=3");
        assertThat(scaled.exitCode()).as(scaled.all()).isZero();
        assertThat(scaled.out()).contains("crontab.stable.example.com/ct1 scaled");
        assertThat(kubectl.run("get", "ct", "ct1", "-o", "jsonpath={.spec.replicas}").out()).isEqualTo("3");
    }

    @Test
    @Order(6)
    void serverSideApplyMergesAndReportsConflicts() {
        Kubectl.Result applied = kubectl.run(CronTabs.cronTab("ct2", """
                cronSpec: "0 * * * *"
                color: red""").getBytes(), "apply", "--server-side", "-f", "-");
        assertThat(applied.exitCode()).as(applied.all()).isZero();
        assertThat(applied.out()).contains("crontab.stable.example.com/ct2 serverside-applied");
        Kubectl.Result other = kubectl.run(CronTabs.cronTab("ct2", """
                cronSpec: "0 * * * *"
                color: green""").getBytes(), "apply", "--server-side", "--field-manager=other", "-f", "-");
        assertThat(other.exitCode()).isNotZero();
        assertThat(other.err()).contains("conflict").contains(".spec.color");
    }

    @Test
    @Order(7)
    void celRulesRefuseResourcesAndTransitionRulesRefuseChanges() {
        Kubectl.Result refused = kubectl.run(CronTabs.cronTab("ct-many", """
                cronSpec: "* * * * *"
                replicas: 7""").getBytes(), "create", "-f", "-");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("The CronTab \"ct-many\" is invalid: "
                + "spec: Invalid value: \"object\": replicas above 5 require red");

        Kubectl.Result shrunk = kubectl.run("scale", "ct/ct1", "--replicas=2");
        assertThat(shrunk.exitCode()).isNotZero();
        assertThat(shrunk.err()).contains("spec.replicas: Invalid value: \"integer\": replicas may not shrink");
        assertThat(kubectl.run("get", "ct", "ct1", "-o", "jsonpath={.spec.replicas}").out()).isEqualTo("3");
    }

    @Test
    @Order(8)
    void aDefinitionWhoseRuleDoesNotCompileIsRefused() {
        String broken = CronTabs.CRD.replace("crontab", "crontabz").replace("kind: CronTab", "kind: CronTabZ")
                .replace("[ct]", "[ctz]").replace("self >= oldSelf", "self.nope > 1");
        Kubectl.Result refused = kubectl.run(broken.getBytes(), "create", "-f", "-");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("The CustomResourceDefinition \"crontabzs.stable.example.com\" is invalid: "
                        + "spec.validation.openAPIV3Schema.properties[spec].properties[replicas]"
                        + ".x-kubernetes-validations[0].rule: Invalid value: ")
                .contains("compilation failed: ERROR: <input>:1:5: ");
    }

    @Test
    @Order(9)
    void deletingTheDefinitionDeletesItsResourcesAndItsKind() {
        Kubectl.Result deleted = kubectl.run("delete", "crd", "crontabs.stable.example.com", "--timeout=60s");
        assertThat(deleted.exitCode()).as(deleted.all()).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                kubectl.run("api-resources", "--api-group=stable.example.com").out()).doesNotContain("crontabs"));
        Kubectl.Result gone = kubectl.run("get", "crontabs");
        assertThat(gone.exitCode()).isNotZero();
        assertThat(gone.err()).contains("the server doesn't have a resource type \"crontabs\"");
    }
}
