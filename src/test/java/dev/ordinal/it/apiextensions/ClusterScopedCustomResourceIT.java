package dev.ordinal.it.apiextensions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.Watchable;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesListObject;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.ListOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ordinal.testing.Kubectl;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A cluster-scoped CustomResourceDefinition, driven by kubectl (create, get, explain, delete) and by
 * the official Java client's DynamicKubernetesApi (create, get, list, patch, watch) and CustomObjectsApi
 * (status update).
 */
@ServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterScopedCustomResourceIT {

    private static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: regions.geo.example.com
            spec:
              group: geo.example.com
              scope: Cluster
              names: {plural: regions, singular: region, kind: Region, shortNames: [rg]}
              versions:
              - name: v1
                served: true
                storage: true
                subresources: {status: {}}
                additionalPrinterColumns:
                - {name: Zone, type: string, jsonPath: .spec.zone}
                - {name: Ready, type: boolean, jsonPath: .status.ready}
                schema:
                  openAPIV3Schema:
                    type: object
                    description: A Region groups the zones a cluster spans.
                    properties:
                      spec:
                        type: object
                        properties:
                          zone:
                            type: string
                            description: The zone the region's control plane runs in.
                          capacity: {type: integer, default: 3}
                      status:
                        type: object
                        properties:
                          ready: {type: boolean}
            """;

    @LocalServerPort
    int port;

    private Kubectl kubectl;
    private ApiClient client;
    private DynamicKubernetesApi regions;

    @BeforeAll
    void createDefinition() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        kubectl = new Kubectl(port, "default");
        Kubectl.Result created = kubectl.run(CRD.getBytes(), "create", "-f", "-");
        assertThat(created.exitCode()).as(created.all()).isZero();
        Kubectl.Result established = kubectl.run("wait", "--for=condition=Established", "--timeout=30s",
                "crd/regions.geo.example.com");
        assertThat(established.exitCode()).as(established.all()).isZero();
        client = new ClientBuilder().setBasePath("http://127.0.0.1:" + port)
                .setReadTimeout(Duration.ZERO).build();
        regions = new DynamicKubernetesApi("geo.example.com", "v1", "regions", client);
    }

    @Test
    void kubectlCreatesGetsExplainsAndDeletesARegion() {
        Kubectl.Result created = kubectl.run("""
                apiVersion: geo.example.com/v1
                kind: Region
                metadata: {name: north}
                spec: {zone: north-1a}
                """.getBytes(), "create", "-f", "-");
        assertThat(created.out()).as(created.all()).contains("region.geo.example.com/north created");

        Kubectl.Result got = kubectl.run("get", "rg", "north");
        // kubectl prints the missing READY value as an empty cell here (see the README's known differences)
        assertThat(got.out()).as(got.all()).containsPattern("(?m)^NAME +ZONE +READY\\nnorth +north-1a *$");
        Kubectl.Result yaml = kubectl.run("get", "region", "north", "-o", "yaml");
        assertThat(yaml.out()).contains("capacity: 3").doesNotContain("namespace:");
        Kubectl.Result namespaced = kubectl.run("get", "regions", "-n", "kube-system", "-o", "name");
        assertThat(namespaced.out()).as("a cluster-scoped kind ignores the namespace").contains("region.geo.example.com/north");

        Kubectl.Result explained = kubectl.run("explain", "regions.spec.zone");
        assertThat(explained.out()).as(explained.all()).contains("The zone the region's control plane runs in.");
        Kubectl.Result kind = kubectl.run("explain", "regions");
        assertThat(kind.out()).as(kind.all()).contains("KIND:", "Region").contains("A Region groups the zones");

        Kubectl.Result deleted = kubectl.run("delete", "region", "north");
        assertThat(deleted.out()).as(deleted.all()).contains("region.geo.example.com \"north\" deleted");
        assertThat(kubectl.run("get", "region", "north").err()).contains("NotFound");
    }

    @Test
    void theJavaClientCreatesGetsListsPatchesUpdatesStatusAndWatches() throws Exception {
        KubernetesApiResponse<DynamicKubernetesObject> created = regions.create(new DynamicKubernetesObject(
                JsonParser.parseString("""
                        {"apiVersion": "geo.example.com/v1", "kind": "Region", "metadata": {"name": "south"},
                         "spec": {"zone": "south-1a"}}""").getAsJsonObject()));
        assertThat(created.isSuccess()).as(String.valueOf(created.getStatus())).isTrue();
        assertThat(spec(created.getObject()).get("capacity").getAsInt()).isEqualTo(3);
        assertThat(created.getObject().getMetadata().getNamespace()).isNull();

        KubernetesApiResponse<DynamicKubernetesObject> read = regions.get("south");
        assertThat(read.isSuccess()).isTrue();
        assertThat(spec(read.getObject()).get("zone").getAsString()).isEqualTo("south-1a");

        KubernetesApiResponse<DynamicKubernetesListObject> list = regions.list();
        assertThat(list.isSuccess()).isTrue();
        assertThat(list.getObject().getItems()).extracting(item -> item.getMetadata().getName()).contains("south");

        KubernetesApiResponse<DynamicKubernetesObject> patched = regions.patch("south",
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, new V1Patch("{\"spec\": {\"zone\": \"south-1b\"}}"));
        assertThat(patched.isSuccess()).as(String.valueOf(patched.getStatus())).isTrue();
        assertThat(spec(patched.getObject()).get("zone").getAsString()).isEqualTo("south-1b");
        assertThat(patched.getObject().getMetadata().getGeneration()).isEqualTo(2);

        DynamicKubernetesObject withStatus = patched.getObject();
        JsonObject status = new JsonObject();
        status.addProperty("ready", true);
        withStatus.getRaw().add("status", status);
        // GenericKubernetesApi.updateStatus sends a patch this server refuses (415), so the status is
        // replaced through CustomObjectsApi, as client-java's typed operators do.
        Object replaced = new CustomObjectsApi(client).replaceClusterCustomObjectStatus("geo.example.com", "v1",
                "regions", "south", withStatus.getRaw()).execute();
        DynamicKubernetesObject updated = new DynamicKubernetesObject(JsonParser.parseString(
                new com.google.gson.Gson().toJson(replaced)).getAsJsonObject());
        assertThat(updated.getRaw().getAsJsonObject("status").get("ready").getAsBoolean()).isTrue();
        assertThat(updated.getRaw().getAsJsonObject("metadata").get("generation").getAsLong())
                .as("status writes leave generation").isEqualTo(2);

        ListOptions options = new ListOptions();
        options.setTimeoutSeconds(2);
        List<String> events = new ArrayList<>();
        try (Watchable<DynamicKubernetesObject> watch = regions.watch(options)) {
            for (Watch.Response<DynamicKubernetesObject> event : watch) {
                events.add(event.type + " " + event.object.getMetadata().getName() + " "
                        + event.object.getRaw().getAsJsonObject("status").get("ready"));
            }
        }
        assertThat(events).contains("ADDED south true");
    }

    private static JsonObject spec(DynamicKubernetesObject object) {
        return object.getRaw().getAsJsonObject("spec");
    }
}
