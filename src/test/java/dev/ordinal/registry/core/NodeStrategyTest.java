package dev.ordinal.registry.core;

import static dev.ordinal.registry.core.RegistrySteps.edited;
import static dev.ordinal.registry.core.RegistrySteps.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

class NodeStrategyTest {

    private final NodeStrategy strategy = new NodeStrategy();
    private final RegistrySteps steps = new RegistrySteps(new CoreResources().nodes());

    @Test
    void selectsBySpecUnschedulable() {
        Unstructured node = steps.created("""
                {"metadata": {"name": "node-1"}, "spec": {"unschedulable": true}}
                """);

        assertThat(strategy.selectableFields(node)).isEqualTo(Map.of("spec.unschedulable", "true"));
        assertThat(strategy.selectableFields(steps.created("{\"metadata\": {\"name\": \"node-2\"}}")))
                .isEqualTo(Map.of("spec.unschedulable", "false"));
        assertThat(strategy.selectableFieldNames()).containsExactly("spec.unschedulable");
    }

    @Test
    void allocatableDefaultsToCapacity() {
        Unstructured node = steps.created("{\"metadata\": {\"name\": \"node-1\"}}");

        Unstructured reported = steps.statusWritten(node, """
                {"capacity": {"cpu": "4", "memory": "8Gi", "pods": "110"}}
                """);

        assertThat(reported.json().at("/status/allocatable"))
                .isEqualTo(tree("{\"cpu\": \"4\", \"memory\": \"8Gi\", \"pods\": \"110\"}"));
    }

    @Test
    void validatesTaintsWhereUpstreamReportsThem() {
        assertThat(steps.createErrors("""
                {"metadata": {"name": "node-1"},
                 "spec": {"taints": [{"key": "dedicated", "value": "db", "effect": "NoSchedule"},
                                     {"key": "dedicated", "value": "cache", "effect": "NoSchedule"},
                                     {"key": "gpu", "effect": "Sometimes"}]}}
                """)).containsExactly(
                "metadata.taints[1]: Duplicate value: core.Taint{Key:\"dedicated\", Value:\"cache\", "
                        + "Effect:\"NoSchedule\", TimeAdded:<nil>}: taints must be unique by key and effect pair",
                "metadata.taints[2].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", "
                        + "\"PreferNoSchedule\", \"NoExecute\"");
    }

    @Test
    void aPodCidrStaysOnceAssigned() {
        Unstructured old = steps.created("""
                {"metadata": {"name": "node-1"}, "spec": {"podCIDR": "10.244.1.0/24"}}
                """);

        assertThat(old.json().at("/spec/podCIDRs")).isEqualTo(tree("[\"10.244.1.0/24\"]"));
        assertThat(steps.updateErrors(old, edited(old, node -> ((ObjectNode) node.get("spec"))
                .put("podCIDR", "10.244.2.0/24")))).containsExactly(
                "spec.podCIDRs: Forbidden: node updates may not change podCIDR except from \"\" to valid");
        assertThat(steps.updateErrors(old, edited(old, node -> ((ObjectNode) node.get("spec"))
                .put("unschedulable", true)))).isEmpty();
    }
}
