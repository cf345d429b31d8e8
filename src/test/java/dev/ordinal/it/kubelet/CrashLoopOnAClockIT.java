package dev.ordinal.it.kubelet;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.SimulatedClock;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash-loop back-off runs on the server's simulated clock, not on the wall clock: with the
 * clock paused a crashing container waits in CrashLoopBackOff, and stepping the clock restarts it,
 * so minutes of back-off pass in an instant. The kubelet looks at its pods again when the clock is
 * stepped, with no help from the resync.
 */
@ServerTest
@TestPropertySource(properties = {
        "ordinal.kubelet.start-delay=0", "ordinal.kubelet.ready-delay=0", "ordinal.kubelet.stop-delay=0"})
class CrashLoopOnAClockIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    SimulatedClock clock;

    /** The server is shared with the tests of the same settings: they expect a clock that runs. */
    @AfterEach
    void runningAgain() {
        clock.resume();
    }

    @Test
    void theBackOffDoublesAsTheClockMoves() throws InterruptedException {
        ClusterApi api = new ClusterApi(port);
        clock.pause();
        String pod = "/api/v1/namespaces/default/pods/crash";
        assertThat(api.post("/api/v1/namespaces/default/pods", """
                {"metadata": {"name": "crash", "annotations": {"ordinal.dev/crash-loop": "true"}},
                 "spec": {"containers": [{"name": "app", "image": "busybox"}]}}""").code()).isEqualTo(201);

        assertThat(backOff(api.await(pod, TIMEOUT, p -> backOff(p).startsWith("1 ")))).startsWith("1 back-off 10s ");
        Thread.sleep(500);
        assertThat(backOff(api.get(pod).body())).startsWith("1 back-off 10s ");

        clock.step(Duration.ofSeconds(10));
        assertThat(backOff(api.await(pod, TIMEOUT, p -> backOff(p).startsWith("2 ")))).startsWith("2 back-off 20s ");

        clock.step(Duration.ofSeconds(19));
        Thread.sleep(500);
        assertThat(backOff(api.get(pod).body())).startsWith("2 back-off 20s ");

        clock.step(Duration.ofSeconds(1));
        assertThat(backOff(api.await(pod, TIMEOUT, p -> backOff(p).startsWith("3 ")))).startsWith("3 back-off 40s ");
    }

    /** {@code <restartCount> <waiting message>} while the container backs off, else empty. */
    private static String backOff(JsonNode pod) {
        JsonNode container = pod.path("status").path("containerStatuses").path(0);
        String message = container.path("state").path("waiting").path("message").asString("");
        return message.isEmpty() ? "" : container.path("restartCount").asInt() + " " + message;
    }
}
