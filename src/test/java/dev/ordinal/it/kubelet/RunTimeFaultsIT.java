package dev.ordinal.it.kubelet;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults brought on a pod that is already running, by setting or removing the simulation's
 * annotations on it (the names a pod template carries from the start): the kubelet reads them at
 * every step, so a Ready pod stops being Ready, becomes Ready again, or starts crashing, and the
 * StatefulSet counts it as a real one would.
 */
@ServerTest
@TestPropertySource(properties = {
        "ordinal.kubelet.start-delay=0", "ordinal.kubelet.ready-delay=0", "ordinal.kubelet.stop-delay=0"})
class RunTimeFaultsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    ClusterApi api;
    String ns;

    @BeforeEach
    void namespace() {
        api = new ClusterApi(port);
        ns = "faults-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + ns + "\"}}").code()).isEqualTo(201);
    }

    @Test
    void aReadyPodStopsBeingReadyAndBecomesReadyAgain() {
        String set = "/apis/apps/v1/namespaces/" + ns + "/statefulsets/web";
        assertThat(api.post("/apis/apps/v1/namespaces/" + ns + "/statefulsets", """
                {"metadata": {"name": "web"},
                 "spec": {"replicas": 2, "serviceName": "web", "selector": {"matchLabels": {"app": "web"}},
                          "template": {"metadata": {"labels": {"app": "web"}},
                                       "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}}}
                """).code()).isEqualTo(201);
        api.await(set, TIMEOUT, sts -> sts.path("status").path("readyReplicas").asInt() == 2);
        String web1 = "/api/v1/namespaces/" + ns + "/pods/web-1";

        api.patch(web1, "{\"metadata\":{\"annotations\":{\"ordinal.dev/never-ready\":\"true\"}}}");
        JsonNode unready = api.await(web1, TIMEOUT, pod -> ready(pod).equals("False"));
        assertThat(unready.path("status").path("phase").asString()).isEqualTo("Running");
        assertThat(unready.path("status").path("containerStatuses").get(0).path("restartCount").asInt()).isZero();
        api.await(set, TIMEOUT, sts -> sts.path("status").path("readyReplicas").asInt() == 1);

        api.patch(web1, "{\"metadata\":{\"annotations\":{\"ordinal.dev/never-ready\":null}}}");
        api.await(web1, TIMEOUT, pod -> ready(pod).equals("True"));
        api.await(set, TIMEOUT, sts -> sts.path("status").path("readyReplicas").asInt() == 2);
    }

    @Test
    void aRunningPodStartsCrashing() {
        String pod = "/api/v1/namespaces/" + ns + "/pods/app";
        assertThat(api.post("/api/v1/namespaces/" + ns + "/pods", """
                {"metadata": {"name": "app"}, "spec": {"containers": [{"name": "app", "image": "busybox"}]}}
                """).code()).isEqualTo(201);
        api.await(pod, TIMEOUT, p -> ready(p).equals("True"));

        api.patch(pod, "{\"metadata\":{\"annotations\":{\"ordinal.dev/crash-loop\":\"true\"}}}");

        JsonNode crashed = api.await(pod, TIMEOUT, p -> p.path("status").path("containerStatuses").get(0)
                .path("lastState").path("terminated").path("exitCode").asInt() == 1);
        assertThat(ready(crashed)).isEqualTo("False");
        assertThat(crashed.path("status").path("containerStatuses").get(0).path("restartCount").asInt()).isPositive();
    }

    private static String ready(JsonNode pod) {
        for (JsonNode condition : pod.path("status").path("conditions")) {
            if (condition.path("type").asString("").equals("Ready")) {
                return condition.path("status").asString("");
            }
        }
        return "";
    }
}
