package dev.ordinal.controller.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

/**
 * What the endpoints controllers decide for one Service and its pods (the table of section 4 of
 * the DNS spec digest), on plain objects: the legacy Endpoints subsets and the EndpointSlices.
 */
class EndpointDecisionsTest {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Unstructured NODE = object("""
            {"metadata": {"name": "node-1", "labels": {"topology.kubernetes.io/zone": "zone-a"}}}""");

    private final EndpointSliceReconciler reconciler = new EndpointSliceReconciler(100);

    @Test
    void readyPodsAreAddressesAndOthersNotReadyAddresses() {
        Unstructured service = headless("nginx", false);
        List<Unstructured> pods = List.of(pod("web-0", "10.244.0.10", true, "nginx"),
                pod("web-1", "10.244.0.11", false, "nginx"), pod("web-2", null, false, "nginx"));

        JsonNode subsets = EndpointSubsets.of(service, pods).subsets();

        assertThat(subsets).isEqualTo(json("""
                [{"addresses": [{"ip": "10.244.0.10", "hostname": "web-0", "nodeName": "node-1",
                                 "targetRef": {"kind": "Pod", "namespace": "default", "name": "web-0", "uid": "uid-web-0"}}],
                  "notReadyAddresses": [{"ip": "10.244.0.11", "hostname": "web-1", "nodeName": "node-1",
                                 "targetRef": {"kind": "Pod", "namespace": "default", "name": "web-1", "uid": "uid-web-1"}}],
                  "ports": [{"name": "web", "port": 80, "protocol": "TCP"}]}]"""));
    }

    @Test
    void publishNotReadyAddressesMakesEveryPodAnAddress() {
        JsonNode subsets = EndpointSubsets.of(headless("nginx", true),
                List.of(pod("web-0", "10.244.0.10", true, "nginx"), pod("web-1", "10.244.0.11", false, "nginx")))
                .subsets();

        assertThat(subsets.get(0).path("addresses")).hasSize(2);
        assertThat(subsets.get(0).has("notReadyAddresses")).isFalse();
    }

    @Test
    void terminatingPodsLeaveEndpointsButStayInSlicesAsServingAndTerminating() {
        Unstructured terminating = pod("web-2", "10.244.0.12", true, "nginx");
        terminating.setMeta("deletionTimestamp", "2025-01-01T00:00:30Z");

        assertThat(EndpointSubsets.of(headless("nginx", false), List.of(terminating)).subsets()).isEmpty();

        JsonNode endpoint = EndpointSliceReconciler.endpoint(terminating, NODE, headless("nginx", false), "IPv4");
        assertThat(endpoint.path("conditions")).isEqualTo(json(
                "{\"ready\": false, \"serving\": true, \"terminating\": true}"));
        JsonNode published = EndpointSliceReconciler.endpoint(terminating, NODE, headless("nginx", true), "IPv4");
        assertThat(published.path("conditions").path("ready").asBoolean()).isTrue();
    }

    @Test
    void terminalPodsHaveNoEndpoint() {
        Unstructured done = pod("job-0", "10.244.0.20", false, "nginx");
        ((ObjectNode) done.json().path("status")).put("phase", "Succeeded");

        assertThat(PodEndpoints.shouldBeInEndpoints(done, true)).isFalse();
    }

    @Test
    void onlyTheServiceNamedAsSubdomainGetsHostnames() {
        Unstructured pod = pod("web-0", "10.244.0.10", true, "nginx");

        assertThat(EndpointSliceReconciler.endpoint(pod, NODE, headless("nginx", false), "IPv4").path("hostname")
                .asString()).isEqualTo("web-0");
        assertThat(EndpointSliceReconciler.endpoint(pod, NODE, headless("peers", false), "IPv4").has("hostname"))
                .isFalse();
    }

    @Test
    void aNamedTargetPortResolvesToTheContainerPortOfThatName() {
        Unstructured service = object("""
                {"metadata": {"name": "api", "namespace": "default", "uid": "uid-api"},
                 "spec": {"clusterIP": "10.96.0.20", "ipFamilies": ["IPv4"], "selector": {"app": "nginx"},
                          "ports": [{"name": "http", "port": 8080, "protocol": "TCP", "targetPort": "web"},
                                    {"name": "metrics", "port": 9090, "protocol": "TCP", "targetPort": "metrics"}]}}""");
        Unstructured pod = pod("web-0", "10.244.0.10", true, "nginx");

        JsonNode subsets = EndpointSubsets.of(service, List.of(pod)).subsets();

        // The pod declares no port named metrics, so it offers only http, on its container port 80.
        assertThat(subsets.get(0).path("ports")).isEqualTo(json(
                "[{\"name\": \"http\", \"port\": 80, \"protocol\": \"TCP\"}]"));
    }

    @Test
    void aNewServiceGetsOneSliceOwnedByIt() {
        Unstructured service = headless("nginx", false);

        EndpointSliceReconciler.Plan plan = reconciler.reconcile(service,
                List.of(pod("web-0", "10.244.0.10", true, "nginx"), pod("web-1", "10.244.0.11", false, "nginx")),
                name -> Optional.of(NODE), List.of());

        assertThat(plan.toUpdate()).isEmpty();
        assertThat(plan.toDelete()).isEmpty();
        assertThat(plan.toCreate()).singleElement().satisfies(slice -> {
            assertThat(slice.generateName()).isEqualTo("nginx-");
            assertThat(slice.labels()).containsEntry("kubernetes.io/service-name", "nginx")
                    .containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io")
                    .containsEntry("service.kubernetes.io/headless", "")
                    .containsEntry("app", "nginx");
            assertThat(slice.json().path("metadata").path("ownerReferences")).isEqualTo(json("""
                    [{"apiVersion": "v1", "kind": "Service", "name": "nginx", "uid": "uid-nginx",
                      "controller": true, "blockOwnerDeletion": true}]"""));
            assertThat(slice.json().path("addressType").asString()).isEqualTo("IPv4");
            assertThat(slice.json().path("ports")).isEqualTo(json(
                    "[{\"name\": \"web\", \"protocol\": \"TCP\", \"port\": 80}]"));
            assertThat(slice.json().path("endpoints").get(0)).isEqualTo(json("""
                    {"addresses": ["10.244.0.10"], "conditions": {"ready": true, "serving": true, "terminating": false},
                     "hostname": "web-0",
                     "targetRef": {"kind": "Pod", "namespace": "default", "name": "web-0", "uid": "uid-web-0"},
                     "nodeName": "node-1", "zone": "zone-a"}"""));
            assertThat(slice.json().path("endpoints").get(1).path("conditions").path("ready").asBoolean()).isFalse();
        });
    }

    @Test
    void anExistingSliceIsUpdatedInPlaceAndAnUnchangedOneLeftAlone() {
        Unstructured service = headless("nginx", false);
        Unstructured existing = reconciler.reconcile(service, List.of(pod("web-0", "10.244.0.10", false, "nginx")),
                name -> Optional.of(NODE), List.of()).toCreate().get(0);
        existing.setMeta("name", "nginx-abcde");
        existing.metadata().remove("generateName");

        List<Unstructured> nowReady = List.of(pod("web-0", "10.244.0.10", true, "nginx"));
        EndpointSliceReconciler.Plan plan = reconciler.reconcile(service, nowReady, name -> Optional.of(NODE),
                List.of(existing));

        assertThat(plan.toCreate()).isEmpty();
        assertThat(plan.toUpdate()).singleElement().satisfies(slice -> {
            assertThat(slice.name()).isEqualTo("nginx-abcde");
            assertThat(slice.json().at("/endpoints/0/conditions/ready").asBoolean()).isTrue();
        });
        Unstructured updated = plan.toUpdate().get(0);
        assertThat(reconciler.reconcile(service, nowReady, name -> Optional.of(NODE), List.of(updated)))
                .isEqualTo(new EndpointSliceReconciler.Plan(List.of(), List.of(), List.of(), List.of()));
    }

    @Test
    void aServiceWithoutPodsKeepsOnePlaceholderSlice() {
        Unstructured service = headless("nginx", false);
        Unstructured placeholder = reconciler.reconcile(service, List.of(), name -> Optional.of(NODE), List.of())
                .toCreate().get(0);

        assertThat(placeholder.json().path("endpoints").isNull()).isTrue();
        assertThat(placeholder.json().path("ports").isNull()).isTrue();

        placeholder.setMeta("name", "nginx-fghij");
        assertThat(reconciler.reconcile(service, List.of(), name -> Optional.of(NODE), List.of(placeholder)))
                .isEqualTo(new EndpointSliceReconciler.Plan(List.of(), List.of(), List.of(), List.of()));
    }

    @Test
    void aPodOnAMissingNodeIsLeftOutAndReported() {
        EndpointSliceReconciler.Plan plan = reconciler.reconcile(headless("nginx", false),
                List.of(pod("web-0", "10.244.0.10", true, "nginx")), name -> Optional.empty(), List.of());

        assertThat(plan.podsWithoutNode()).containsExactly("web-0");
        assertThat(plan.toCreate()).singleElement()
                .satisfies(slice -> assertThat(slice.json().path("endpoints").isNull()).isTrue());
    }

    private static Unstructured headless(String name, boolean publishNotReady) {
        return object("""
                {"metadata": {"name": "%s", "namespace": "default", "uid": "uid-%s", "labels": {"app": "nginx"}},
                 "spec": {"clusterIP": "None", "clusterIPs": ["None"], "ipFamilies": ["IPv4"],
                          "selector": {"app": "nginx"}, "publishNotReadyAddresses": %s,
                          "ports": [{"name": "web", "port": 80, "protocol": "TCP", "targetPort": 80}]}}"""
                .formatted(name, name, publishNotReady));
    }

    private static Unstructured pod(String name, String ip, boolean ready, String subdomain) {
        String status = ip == null ? "{\"phase\": \"Pending\"}" : """
                {"phase": "Running", "podIP": "%s", "podIPs": [{"ip": "%s"}],
                 "conditions": [{"type": "Ready", "status": "%s", "lastTransitionTime": "2025-01-01T00:00:00Z"}]}"""
                .formatted(ip, ip, ready ? "True" : "False");
        return object("""
                {"metadata": {"name": "%s", "namespace": "default", "uid": "uid-%s", "labels": {"app": "nginx"}},
                 "spec": {"hostname": "%s", "subdomain": "%s", "nodeName": "node-1",
                          "containers": [{"name": "nginx", "image": "nginx",
                                          "ports": [{"name": "web", "containerPort": 80, "protocol": "TCP"}]}]},
                 "status": %s}""".formatted(name, name, name, subdomain, status));
    }

    private static Unstructured object(String json) {
        return new Unstructured((ObjectNode) JSON.readTree(json));
    }

    private static JsonNode json(String json) {
        return JSON.readTree(json);
    }
}
