package dev.ordinal.it.kubelet;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulated clock driven through {@code /ordinal/v1/clock}: paused, the cluster holds a
 * StatefulSet's pod where it is in its lifecycle while the API goes on answering; each step makes
 * what fell due happen, the kubelet's delays and minReadySeconds alike; ages are printed on the
 * same clock; at a higher speed the simulation runs faster. The delays are the defaults, 1s each.
 */
@ServerTest
@TestPropertySource(properties = {
        "ordinal.kubelet.start-delay=1s", "ordinal.kubelet.ready-delay=1s", "ordinal.kubelet.stop-delay=1s"})
class SimulatedClockIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Longer than any delay the test holds still, so a clock that did not hold would be seen. */
    private static final long HOLD_MILLIS = 1500;

    @LocalServerPort
    int port;

    ClusterApi api;
    String ns;

    @BeforeEach
    void namespace() {
        api = new ClusterApi(port);
        ns = "clock-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + ns + "\"}}").code()).isEqualTo(201);
    }

    @AfterEach
    void runningAgain() {
        api.post("/ordinal/v1/clock/speed?factor=1", "");
        api.post("/ordinal/v1/clock/resume", "");
    }

    @Test
    void aPausedClockHoldsAStatefulSetAndEachStepMovesItOn() throws InterruptedException {
        JsonNode paused = api.post("/ordinal/v1/clock/pause", "").body();
        assertThat(paused.path("paused").asBoolean()).isTrue();
        Instant start = Instant.parse(paused.path("now").asString());
        assertThat(api.post("/apis/apps/v1/namespaces/" + ns + "/statefulsets", """
                {"metadata": {"name": "web"},
                 "spec": {"replicas": 2, "serviceName": "web", "minReadySeconds": 10,
                          "selector": {"matchLabels": {"app": "web"}},
                          "template": {"metadata": {"labels": {"app": "web"}},
                                       "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}}}
                """).code()).isEqualTo(201);
        String web0 = "/api/v1/namespaces/" + ns + "/pods/web-0";
        String web1 = "/api/v1/namespaces/" + ns + "/pods/web-1";

        // What happens at once still happens: the pod is made, placed, and reported Pending.
        api.await(web0, TIMEOUT, pod -> phase(pod).equals("Pending") && pod.path("status").has("startTime"));
        Thread.sleep(HOLD_MILLIS);
        assertThat(phase(api.get(web0).body())).isEqualTo("Pending");

        api.post("/ordinal/v1/clock/step?by=1s", "");
        JsonNode running = api.await(web0, TIMEOUT, pod -> phase(pod).equals("Running"));
        assertThat(ready(running)).isEqualTo("False");
        Thread.sleep(HOLD_MILLIS);
        assertThat(ready(api.get(web0).body())).isEqualTo("False");

        api.post("/ordinal/v1/clock/step?by=1s", "");
        api.await(web0, TIMEOUT, pod -> ready(pod).equals("True"));
        // Ready, but not yet available for minReadySeconds: OrderedReady waits before web-1.
        Thread.sleep(HOLD_MILLIS);
        assertThat(api.get(web1).code()).isEqualTo(404);
        String set = "/apis/apps/v1/namespaces/" + ns + "/statefulsets/web";
        assertThat(api.get(set).body().path("status").path("availableReplicas").asInt()).isZero();

        api.post("/ordinal/v1/clock/step?by=10s", "");
        api.await(set, TIMEOUT, sts -> sts.path("status").path("availableReplicas").asInt() == 1);
        api.await(web1, TIMEOUT, pod -> phase(pod).equals("Pending"));

        // Ages are counted on the same clock: 12 simulated seconds passed, however long the wall took.
        JsonNode clock = api.get("/ordinal/v1/clock").body();
        assertThat(Duration.between(start, Instant.parse(clock.path("now").asString()))).isEqualTo(Duration.ofSeconds(12));
        JsonNode table = api.table("/api/v1/namespaces/" + ns + "/pods").body();
        assertThat(cell(table, "web-0", "Age")).isEqualTo("12s");
        assertThat(cell(table, "web-1", "Age")).isEqualTo("0s");
    }

    @Test
    void atTwentyTimesTheSpeedTwentySecondsOfDelaysPassInOne() {
        api.post("/ordinal/v1/clock/speed?factor=20", "");
        assertThat(api.post("/api/v1/namespaces/" + ns + "/pods", """
                {"metadata": {"name": "slow", "annotations": {"ordinal.dev/start-delay": "10s",
                                                             "ordinal.dev/ready-delay": "10s"}},
                 "spec": {"containers": [{"name": "app", "image": "busybox"}]}}""").code()).isEqualTo(201);

        // Twenty seconds at the speed of the wall would not fit in the timeout.
        api.await("/api/v1/namespaces/" + ns + "/pods/slow", TIMEOUT, pod -> ready(pod).equals("True"));
    }

    @Test
    void theClockRefusesToGoBackOrStop() {
        assertThat(api.post("/ordinal/v1/clock/step?by=-1s", "").code()).isEqualTo(400);
        assertThat(api.post("/ordinal/v1/clock/step?by=soon", "").code()).isEqualTo(400);
        assertThat(api.post("/ordinal/v1/clock/speed?factor=0", "").code()).isEqualTo(400);
        JsonNode clock = api.get("/ordinal/v1/clock").body();
        assertThat(clock.path("paused").asBoolean()).isFalse();
        assertThat(clock.path("speed").asDouble()).isEqualTo(1.0);
    }

    private static String phase(JsonNode pod) {
        return pod.path("status").path("phase").asString("");
    }

    private static String ready(JsonNode pod) {
        for (JsonNode condition : pod.path("status").path("conditions")) {
            if (condition.path("type").asString("").equals("Ready")) {
                return condition.path("status").asString("");
            }
        }
        return "";
    }

    /** The cell of {@code column} in the row of the object named {@code name}. */
    private static String cell(JsonNode table, String name, String column) {
        int index = -1;
        for (int i = 0; i < table.path("columnDefinitions").size(); i++) {
            if (table.path("columnDefinitions").get(i).path("name").asString("").equals(column)) {
                index = i;
            }
        }
        for (JsonNode row : table.path("rows")) {
            if (row.path("object").path("metadata").path("name").asString("").equals(name)) {
                return row.path("cells").get(index).asString("");
            }
        }
        throw new AssertionError("no row " + name + " in " + table);
    }
}
