package dev.ordinal.controller.daemon;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

import static dev.ordinal.controller.daemon.DaemonSetFixtures.daemonSet;
import static org.assertj.core.api.Assertions.assertThat;

/** The shape of a daemon pod: upstream's CreatePodTemplate and ReplaceDaemonSetPodNodeNameNodeAffinity. */
class DaemonPodsTest {

    @Test
    void aDaemonPodToleratesNodeConditionsAndCarriesItsRevision() {
        ObjectNode template = DaemonPods.template(daemonSet("", """
                "hostNetwork": true, "tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists",
                  "effect": "NoExecute", "tolerationSeconds": 30}, {"key": "dedicated", "operator": "Exists"}],"""),
                "abc");

        assertThat(template.path("metadata").path("labels").toString())
                .isEqualTo("{\"app\":\"agent\",\"pod-template-generation\":\"2\",\"controller-revision-hash\":\"abc\"}");
        assertThat(template.path("spec").path("tolerations").toString()).isEqualTo("["
                + "{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\"},"
                + "{\"key\":\"dedicated\",\"operator\":\"Exists\"},"
                + "{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\"},"
                + "{\"key\":\"node.kubernetes.io/disk-pressure\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"},"
                + "{\"key\":\"node.kubernetes.io/memory-pressure\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"},"
                + "{\"key\":\"node.kubernetes.io/pid-pressure\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"},"
                + "{\"key\":\"node.kubernetes.io/unschedulable\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"},"
                + "{\"key\":\"node.kubernetes.io/network-unavailable\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}]");
    }

    @Test
    void thePodIsBoundToItsNodeInPlaceOfTheRequiredTermsAndKeepsThePreferredOnes() {
        ObjectNode template = DaemonPods.template(daemonSet("", """
                "affinity": {"nodeAffinity": {
                  "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                    {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}]},
                  "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 1, "preference": {
                    "matchExpressions": [{"key": "disk", "operator": "Exists"}]}}]}},"""), "abc");
        Unstructured pod = new Unstructured(DaemonPods.forNode(template, "n7"));

        assertThat(pod.at("spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution").toString())
                .isEqualTo("{\"nodeSelectorTerms\":[{\"matchFields\":[{\"key\":\"metadata.name\",\"operator\":\"In\","
                        + "\"values\":[\"n7\"]}]}]}");
        assertThat(pod.at("spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution").size())
                .isEqualTo(1);
        assertThat(pod.at("spec.nodeName").isMissingNode()).isTrue();
        assertThat(DaemonPods.targetNodeName(pod)).isEqualTo("n7");
    }

    @Test
    void aPodIsUpdatedByItsHashOrItsTemplateGeneration() {
        Unstructured pod = new Unstructured(DaemonPods.forNode(DaemonPods.template(daemonSet("", ""), "abc"), "n1"));

        assertThat(DaemonPods.isUpdated(pod, "abc", null)).isTrue();
        assertThat(DaemonPods.isUpdated(pod, "other", 2L)).isTrue();
        assertThat(DaemonPods.isUpdated(pod, "other", 3L)).isFalse();
    }
}
