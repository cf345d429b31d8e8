package dev.ordinal.it.apiextensions;

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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A CustomResourceDefinition with two served versions and conversion strategy None, as upstream
 * serves it: whichever version writes an object, every answer (get, list, watch, the write's own)
 * carries the apiVersion of the version the request used.
 */
@ServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CustomResourceVersionsIT {

    private static final String NS = "widgets";
    private static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.versions.example.com
            spec:
              group: versions.example.com
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget}
              versions:
              - name: v1beta1
                served: true
                storage: false
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec: {type: object, properties: {size: {type: integer}}}
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec: {type: object, properties: {size: {type: integer}}}
            """;

    @LocalServerPort
    int port;

    private Kubectl kubectl;
    private RestApi api;

    @BeforeAll
    void createDefinition() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        kubectl = new Kubectl(port, NS);
        api = new RestApi(port);
        assertThat(kubectl.run("create", "namespace", NS).exitCode()).isZero();
        Kubectl.Result created = kubectl.run(CRD.getBytes(), "apply", "-f", "-");
        assertThat(created.exitCode()).as(created.all()).isZero();
        Kubectl.Result established = kubectl.run("wait", "--for=condition=Established", "--timeout=30s",
                "crd/widgets.versions.example.com");
        assertThat(established.exitCode()).as(established.all()).isZero();
    }

    @Test
    @Order(1)
    void anObjectCreatedThroughOneVersionIsReadThroughEach() {
        assertThat(api.create(widgets("v1beta1"), """
                {"apiVersion": "versions.example.com/v1beta1", "kind": "Widget",
                 "metadata": {"name": "w1"}, "spec": {"size": 3}}""").path("apiVersion").asString())
                .isEqualTo("versions.example.com/v1beta1");

        for (String version : new String[] {"v1", "v1beta1"}) {
            RestApi.Response read = api.get(widgets(version) + "/w1");
            assertThat(read.text("apiVersion")).as(version).isEqualTo("versions.example.com/" + version);
            assertThat(read.text("spec.size")).isEqualTo("3");
        }
    }

    @Test
    @Order(2)
    void listsAndWatchesAnswerInTheirVersion() {
        for (String version : new String[] {"v1", "v1beta1"}) {
            RestApi.Response list = api.get(widgets(version));
            assertThat(list.text("apiVersion")).isEqualTo("versions.example.com/" + version);
            assertThat(list.body().path("items").get(0).path("apiVersion").asString()).as(version)
                    .isEqualTo("versions.example.com/" + version);
            // The one object is the watch's one initial event; the watch ends after a second.
            RestApi.Response watch = api.get(widgets(version) + "?watch=true&timeoutSeconds=1");
            assertThat(watch.text("type")).isEqualTo("ADDED");
            assertThat(watch.text("object.apiVersion")).as(version).isEqualTo("versions.example.com/" + version);
        }
    }

    @Test
    @Order(3)
    void writesAnswerInTheVersionTheyCameThrough() {
        RestApi.Response patched = api.mergePatch(widgets("v1beta1") + "/w1", "{\"spec\": {\"size\": 4}}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.text("apiVersion")).isEqualTo("versions.example.com/v1beta1");
        assertThat(api.get(widgets("v1") + "/w1").text("spec.size")).isEqualTo("4");
    }

    @Test
    @Order(4)
    void kubectlShowsTheVersionItNames() {
        Kubectl.Result beta = kubectl.run("get", "widgets.v1beta1.versions.example.com", "w1", "-o", "yaml");
        assertThat(beta.out()).as(beta.all()).contains("apiVersion: versions.example.com/v1beta1");
        Kubectl.Result preferred = kubectl.run("get", "widgets", "w1", "-o", "yaml");
        assertThat(preferred.out()).as(preferred.all()).contains("apiVersion: versions.example.com/v1");
    }

    @Test
    @Order(5)
    void afterTheStorageVersionChangesObjectsOfEitherAreAnsweredInTheRequestedVersion() {
        Kubectl.Result patched = kubectl.run("patch", "crd", "widgets.versions.example.com", "--type=json", "-p",
                "[{\"op\": \"replace\", \"path\": \"/spec/versions/0/storage\", \"value\": true},"
                        + " {\"op\": \"replace\", \"path\": \"/spec/versions/1/storage\", \"value\": false}]");
        assertThat(patched.exitCode()).as(patched.all()).isZero();
        api.create(widgets("v1"), """
                {"apiVersion": "versions.example.com/v1", "kind": "Widget", "metadata": {"name": "w2"}}""");

        for (String version : new String[] {"v1", "v1beta1"}) {
            RestApi.Response list = api.get(widgets(version));
            assertThat(list.body().path("items")).hasSize(2).allSatisfy(item -> assertThat(
                    item.path("apiVersion").asString()).as(version).isEqualTo("versions.example.com/" + version));
        }
    }

    @Test
    @Order(6)
    void managedFieldsKeepEachManagersVersionAndApplyConflictsAcrossVersions() {
        String applied = """
                apiVersion: versions.example.com/v1beta1
                kind: Widget
                metadata: {name: w3, labels: {owner: apply}}
                spec: {size: %d}
                """;
        Kubectl.Result apply = kubectl.run(applied.formatted(1).getBytes(), "apply", "--server-side", "-f", "-");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        Kubectl.Result patch = kubectl.run("patch", "widgets.v1.versions.example.com", "w3", "--type=merge", "-p",
                "{\"spec\": {\"size\": 9}}");
        assertThat(patch.exitCode()).as(patch.all()).isZero();

        Kubectl.Result managers = kubectl.run("get", "widgets.v1.versions.example.com", "w3", "--show-managed-fields",
                "-o", "jsonpath={range .metadata.managedFields[*]}{.manager} {.operation} {.apiVersion};{end}");
        assertThat(managers.out()).as(managers.all()).isEqualTo(
                "kubectl Apply versions.example.com/v1beta1;kubectl-patch Update versions.example.com/v1;");

        Kubectl.Result conflict = kubectl.run(applied.formatted(5).getBytes(), "apply", "--server-side", "-f", "-");
        assertThat(conflict.exitCode()).isNotZero();
        assertThat(conflict.err()).contains("conflict with \"kubectl-patch\" using versions.example.com/v1")
                .contains(".spec.size");
        Kubectl.Result forced = kubectl.run(applied.formatted(5).getBytes(), "apply", "--server-side",
                "--force-conflicts", "-f", "-");
        assertThat(forced.exitCode()).as(forced.all()).isZero();
        assertThat(api.get(widgets("v1") + "/w3").text("spec.size")).isEqualTo("5");
    }

    private static String widgets(String version) {
        return "/apis/versions.example.com/" + version + "/namespaces/" + NS + "/widgets";
    }
}
