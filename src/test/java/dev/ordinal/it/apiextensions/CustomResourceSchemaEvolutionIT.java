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
import dev.ordinal.testing.RestApi;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A CustomResourceDefinition whose schema changes under objects already stored, as upstream
 * handles it: a default added later shows on the old objects' reads without a write, and
 * validation ratchets, so an update that leaves an out-of-bounds value alone succeeds (with a
 * warning for a CEL rule), while one that changes it is refused.
 */
@ServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CustomResourceSchemaEvolutionIT {

    private static final String NS = "gadgets";
    private static final String GADGETS = "/apis/evolve.example.com/v1/namespaces/" + NS + "/gadgets";
    private static final String LOOSE = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: gadgets.evolve.example.com
            spec:
              group: evolve.example.com
              scope: Namespaced
              names: {plural: gadgets, singular: gadget, kind: Gadget}
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          size: {type: integer}
                          count: {type: integer}
                          name: {type: string}
                          color: {type: string}
            """;
    /** The same schema tightened: a default, a maximum and a CEL rule the stored object breaks. */
    private static final String TIGHT = LOOSE.replace("""
                          size: {type: integer}
                          count: {type: integer}
                          name: {type: string}
                          color: {type: string}
            """, """
                          size:
                            type: integer
                            x-kubernetes-validations:
                            - {rule: self <= 10, message: size may be at most 10}
                          count: {type: integer, maximum: 5}
                          name: {type: string}
                          color: {type: string, default: blue}
            """);

    @LocalServerPort
    int port;

    private Kubectl kubectl;
    private RestApi api;

    @BeforeAll
    void createDefinitionAndAnObjectTheTighterSchemaRefuses() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        kubectl = new Kubectl(port, NS);
        api = new RestApi(port);
        assertThat(kubectl.run("create", "namespace", NS).exitCode()).isZero();
        Kubectl.Result created = kubectl.run(LOOSE.getBytes(), "apply", "-f", "-");
        assertThat(created.exitCode()).as(created.all()).isZero();
        assertThat(kubectl.run("wait", "--for=condition=Established", "--timeout=30s",
                "crd/gadgets.evolve.example.com").exitCode()).isZero();
        api.create(GADGETS, """
                {"apiVersion": "evolve.example.com/v1", "kind": "Gadget", "metadata": {"name": "g1"},
                 "spec": {"size": 20, "count": 9, "name": "first"}}""");
        Kubectl.Result tightened = kubectl.run(TIGHT.getBytes(), "apply", "-f", "-");
        assertThat(tightened.exitCode()).as(tightened.all()).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get(GADGETS + "/g1").text("spec.color")).isEqualTo("blue"));
    }

    @Test
    @Order(1)
    void aDefaultAddedLaterShowsOnReadsOfOldObjectsWithoutAWrite() {
        RestApi.Response read = api.get(GADGETS + "/g1");
        assertThat(read.text("spec.color")).isEqualTo("blue");
        assertThat(api.get(GADGETS).body().path("items").get(0).path("spec").path("color").asString())
                .isEqualTo("blue");
        RestApi.Response watch = api.get(GADGETS + "?watch=true&timeoutSeconds=1");
        assertThat(watch.text("object.spec.color")).isEqualTo("blue");
        Kubectl.Result got = kubectl.run("get", "gadget", "g1", "-o", "jsonpath={.spec.color}");
        assertThat(got.out()).as(got.all()).isEqualTo("blue");
    }

    @Test
    @Order(2)
    void anUpdateLeavingOutOfBoundsValuesAloneIsAdmittedWithAWarningForTheRule() {
        Kubectl.Result patched = kubectl.run("patch", "gadget", "g1", "--type=merge", "-p",
                "{\"spec\": {\"name\": \"renamed\"}}");
        assertThat(patched.exitCode()).as(patched.all()).isZero();
        assertThat(patched.err()).contains("Warning: spec.size: Invalid value: \"integer\": size may be at most 10");
        assertThat(patched.err()).doesNotContain("spec.count");
        RestApi.Response read = api.get(GADGETS + "/g1");
        assertThat(read.text("spec.name")).isEqualTo("renamed");
        assertThat(read.text("spec.size")).isEqualTo("20");
    }

    @Test
    @Order(3)
    void anUpdateChangingAnOutOfBoundsValueIsRefused() {
        Kubectl.Result size = kubectl.run("patch", "gadget", "g1", "--type=merge", "-p", "{\"spec\": {\"size\": 30}}");
        assertThat(size.exitCode()).isNotZero();
        assertThat(size.err()).contains("spec.size: Invalid value: \"integer\": size may be at most 10");
        Kubectl.Result count = kubectl.run("patch", "gadget", "g1", "--type=merge", "-p", "{\"spec\": {\"count\": 8}}");
        assertThat(count.exitCode()).isNotZero();
        assertThat(count.err()).contains(
                "spec.count: Invalid value: 8: spec.count in body should be less than or equal to 5");
    }

    @Test
    @Order(4)
    void aNewObjectIsValidatedInFull() {
        RestApi.Response created = api.post(GADGETS, """
                {"apiVersion": "evolve.example.com/v1", "kind": "Gadget", "metadata": {"name": "g2"},
                 "spec": {"size": 20}}""");
        assertThat(created.status()).isEqualTo(422);
        assertThat(created.text("message")).contains("spec.size: Invalid value: \"integer\": size may be at most 10");
    }
}
