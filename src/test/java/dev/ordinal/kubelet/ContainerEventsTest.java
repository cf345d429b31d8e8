package dev.ordinal.kubelet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

import static org.assertj.core.api.Assertions.assertThat;

/** The kubelet's container events as a pod moves through the simulated lifecycle. */
class ContainerEventsTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final KubeletProperties ONE_SECOND = new KubeletProperties(SECOND, SECOND, SECOND, "10.244.0.0/16");

    private final PodLifecycle lifecycle = new PodLifecycle(ONE_SECOND, containerId -> java.util.OptionalInt.empty());

    /** Runs the pod's lifecycle until {@code until}, collecting the events of each status written. */
    private List<String> run(Unstructured pod, Instant until) {
        List<String> events = new ArrayList<>();
        Map<String, Instant> moments = new HashMap<>();
        Instant now = T0;
        while (!now.isAfter(until)) {
            PodLifecycle.Step step = lifecycle.next(pod, "172.18.0.2", () -> "10.244.0.9", now,
                    (mark, at) -> moments.getOrDefault(mark, at), Missing.NOTHING);
            Instant at = now;
            step.marks().forEach(mark -> moments.putIfAbsent(mark, at));
            if (step.status() != null) {
                ContainerEvents.between(pod, pod.json().path("status"), step.status(), SECOND)
                        .forEach(e -> events.add(e.type() + " " + e.reason() + " " + e.fieldPath() + " " + e.message()));
                pod.json().set("status", step.status());
            }
            if (step.finishDeletion() || (step.due() == null && step.status() == null)) {
                break;
            }
            // As the kubelet loop: a written status is looked at again at once.
            now = step.due() == null ? now : step.due();
        }
        return events;
    }

    private static Unstructured pod(String annotations, String containers) {
        ObjectNode json = (ObjectNode) JsonMapper.shared().readTree("""
                {"apiVersion": "v1", "kind": "Pod",
                 "metadata": {"name": "web-0", "namespace": "shop", "uid": "u-1", "annotations": %s},
                 "spec": {"nodeName": "ordinal-worker", "restartPolicy": "Always", "containers": %s}}"""
                .formatted(annotations, containers));
        return new Unstructured(json);
    }

    @Test
    void aStartingContainerIsPulledCreatedAndStarted() {
        Unstructured pod = pod("{}", """
                [{"name": "nginx", "image": "nginx:1.27", "imagePullPolicy": "IfNotPresent"},
                 {"name": "sidecar", "image": "busybox", "imagePullPolicy": "Always"}]""");

        List<String> events = run(pod, T0.plusSeconds(5));

        assertThat(events).containsExactly(
                "Normal Pulled spec.containers{nginx} Container image \"nginx:1.27\" already present on machine",
                "Normal Created spec.containers{nginx} Created container nginx",
                "Normal Started spec.containers{nginx} Started container nginx",
                "Normal Pulling spec.containers{sidecar} Pulling image \"busybox\"",
                "Normal Pulled spec.containers{sidecar} Successfully pulled image \"busybox\" in 1s (1s including "
                        + "waiting). Image size: " + ContainerIds.imageSize("busybox") + " bytes.",
                "Normal Created spec.containers{sidecar} Created container sidecar",
                "Normal Started spec.containers{sidecar} Started container sidecar");
    }

    @Test
    void aCrashingContainerBacksOffAndStartsAgain() {
        Unstructured pod = pod("{\"ordinal.dev/crash-loop\": \"true\"}", """
                [{"name": "app", "image": "busybox:1.36", "imagePullPolicy": "IfNotPresent"}]""");

        List<String> events = run(pod, T0.plusSeconds(15));

        String pulled = "Normal Pulled spec.containers{app} Container image \"busybox:1.36\" already present on machine";
        String created = "Normal Created spec.containers{app} Created container app";
        String started = "Normal Started spec.containers{app} Started container app";
        String backOff = "Warning BackOff spec.containers{app} Back-off restarting failed container app in pod "
                + "web-0_shop(u-1)";
        // Started at 1s, crashed at 2s and restarted at once, crashed at 3s and restarted after 10s,
        // crashed again at 14s.
        assertThat(events).containsExactly(pulled, created, started, pulled, created, started, backOff,
                pulled, created, started, backOff);
    }

    @Test
    void aPodBeingDeletedHasItsRunningContainersStopped() {
        Unstructured pod = pod("{}", """
                [{"name": "nginx", "image": "nginx:1.27"}, {"name": "waiting", "image": "busybox"}]""");
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.putArray("containerStatuses").add(state("nginx", "running")).add(state("waiting", "waiting"));
        pod.json().set("status", status);

        assertThat(ContainerEvents.stopping(pod)).extracting(ContainerEvents.Event::reason,
                ContainerEvents.Event::fieldPath, ContainerEvents.Event::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Killing", "spec.containers{nginx}",
                        "Stopping container nginx"));
    }

    private static JsonNode state(String name, String state) {
        ObjectNode status = JsonNodeFactory.instance.objectNode().put("name", name).put("restartCount", 0);
        status.putObject("state").putObject(state);
        return status;
    }
}
