package dev.ordinal.registry.core;

import static dev.ordinal.registry.core.RegistrySteps.asRead;
import static dev.ordinal.registry.core.RegistrySteps.edited;
import static dev.ordinal.registry.core.RegistrySteps.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.NameRule;

class ServiceStrategyTest {

    private final ServiceStrategy strategy = new ServiceStrategy();
    private final RegistrySteps steps = new RegistrySteps(new CoreResources().services());

    @Test
    void defaultsAClusterIpService() {
        Unstructured service = steps.created("""
                {"metadata": {"name": "api", "namespace": "default"},
                 "spec": {"selector": {"app": "api"},
                          "ports": [{"name": "http", "port": 80, "targetPort": 0},
                                    {"name": "grpc", "port": 9090, "targetPort": "grpc-port"},
                                    {"name": "metrics", "port": 9100}]}}
                """);

        assertThat(asRead(service.json().get("spec"))).isEqualTo(tree("""
                {"selector": {"app": "api"},
                 "ports": [{"name": "http", "port": 80, "targetPort": 80, "protocol": "TCP"},
                           {"name": "grpc", "port": 9090, "targetPort": "grpc-port", "protocol": "TCP"},
                           {"name": "metrics", "port": 9100, "targetPort": 9100, "protocol": "TCP"}],
                 "type": "ClusterIP",
                 "sessionAffinity": "None",
                 "internalTrafficPolicy": "Cluster",
                 "ipFamilyPolicy": "SingleStack",
                 "ipFamilies": ["IPv4"]}
                """));
        assertThat(service.json().get("status")).isEqualTo(tree("{\"loadBalancer\": {}}"));
    }

    @Test
    void makesAHeadlessServiceOfClusterIpNone() {
        Unstructured service = steps.created("""
                {"metadata": {"name": "nginx", "namespace": "default"},
                 "spec": {"clusterIP": "None", "selector": {"app": "nginx"}}}
                """);

        assertThat(service.json().at("/spec/clusterIPs")).isEqualTo(tree("[\"None\"]"));
    }

    @Test
    void aReappliedManifestKeepsTheClusterIp() {
        String manifest = """
                {"metadata": {"name": "nginx", "namespace": "default"},
                 "spec": {"clusterIP": "None", "selector": {"app": "nginx"}, "ports": [{"name": "web", "port": 80}]}}
                """;
        Unstructured old = steps.created(manifest);

        Unstructured update = steps.updated(old, manifest.replace("\"clusterIP\": \"None\", ", ""));

        assertThat(update.json().get("spec")).isEqualTo(old.json().get("spec"));
    }

    @Test
    void anAllocatedClusterIpMayNotChange() {
        Unstructured old = steps.created("""
                {"metadata": {"name": "api"},
                 "spec": {"clusterIP": "10.96.0.20", "ports": [{"port": 80}]}}
                """);

        assertThat(steps.updateErrors(old, edited(old, service -> ((ObjectNode) service.get("spec"))
                .put("clusterIP", "10.96.0.21")))).containsExactly(
                "spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.21\"}: may not change once set");
    }

    @Test
    void requiresPortsNamedWhenThereAreSeveral() {
        assertThat(steps.createErrors("""
                {"metadata": {"name": "api"},
                 "spec": {"ports": [{"port": 80}, {"name": "web", "port": 80}, {"name": "web", "port": 0}]}}
                """)).containsExactly(
                "spec.ports[0].name: Required value",
                "spec.ports[2].name: Duplicate value: \"web\"",
                "spec.ports[2].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                "spec.ports[2].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
                "spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), "
                        + "Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}");
        assertThat(steps.createErrors("""
                {"metadata": {"name": "api"}, "spec": {}}
                """)).containsExactly("spec.ports: Required value");
    }

    @Test
    void requiresTheNameOfAnExternalNameService() {
        assertThat(steps.createErrors("""
                {"metadata": {"name": "db"}, "spec": {"type": "ExternalName"}}
                """)).containsExactly("spec.externalName: Required value");
        Unstructured service = steps.created("""
                {"metadata": {"name": "db"}, "spec": {"type": "ExternalName", "externalName": "db.example.com."}}
                """);

        assertThat(service.json().get("spec").has("ipFamilies")).isFalse();
    }

    @Test
    void refusesUnknownTypesAndNodePortsOfClusterIpServices() {
        assertThat(steps.createErrors("""
                {"metadata": {"name": "api"},
                 "spec": {"type": "Ingress", "ports": [{"port": 80}]}}
                """)).containsExactly(
                "spec.type: Unsupported value: \"Ingress\": supported values: \"ClusterIP\", \"ExternalName\", "
                        + "\"LoadBalancer\", \"NodePort\"");
        assertThat(steps.createErrors("""
                {"metadata": {"name": "api"}, "spec": {"ports": [{"port": 80, "nodePort": 30080}]}}
                """)).containsExactly("spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
    }

    @Test
    void defaultsTheTrafficPoliciesOfALoadBalancer() {
        Unstructured service = steps.created("""
                {"metadata": {"name": "web"}, "spec": {"type": "LoadBalancer", "ports": [{"port": 443}]}}
                """);

        assertThat(service.json().get("spec").get("externalTrafficPolicy").asString()).isEqualTo("Cluster");
        assertThat(service.json().get("spec").get("allocateLoadBalancerNodePorts").asBoolean()).isTrue();
    }

    @Test
    void namesAreDns1035Labels() {
        assertThat(strategy.nameRule()).isEqualTo(NameRule.DNS1035_LABEL);
    }

    @Test
    void selectsByClusterIpAndType() {
        Unstructured service = steps.created("""
                {"metadata": {"name": "nginx"}, "spec": {"clusterIP": "None"}}
                """);

        assertThat(strategy.selectableFields(service))
                .isEqualTo(Map.of("spec.clusterIP", "None", "spec.type", "ClusterIP"));
        assertThat(strategy.selectableFieldNames()).containsExactlyInAnyOrder("spec.clusterIP", "spec.type");
    }
}
