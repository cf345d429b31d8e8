package dev.ordinal.controller.runtime;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

import dev.ordinal.machinery.Unstructured;

import static dev.ordinal.controller.runtime.FakeListerWatcher.PODS;
import static dev.ordinal.controller.runtime.FakeListerWatcher.pod;
import static org.assertj.core.api.Assertions.assertThat;

class ControllerLivenessTest {

    private final FakeListerWatcher source = new FakeListerWatcher();
    private final SharedInformerFactory factory = new SharedInformerFactory(resource -> source);
    private final ControllerLiveness liveness = new ControllerLiveness(factory);

    @AfterEach
    void stop() {
        factory.shutdown();
    }

    @Test
    void upWhileEveryThreadRunsDownOnceAnInformersThreadEnded() throws InterruptedException {
        SharedIndexInformer pods = factory.informerFor(PODS);
        pods.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(Unstructured obj, boolean isInInitialList) {
                throw new AssertionError("an error no informer survives");
            }
        });
        factory.start();
        factory.waitForCacheSync(Duration.ofSeconds(5));
        assertThat(liveness.health().getStatus()).isEqualTo(Status.UP);

        source.write(pod("web-0", "u0"));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (liveness.health().getStatus().equals(Status.UP) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(liveness.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(liveness.health().getDetails()).containsKey("deadThreads");
    }

    @Test
    void aStoppedControllerLoopIsNoDeadOne() throws InterruptedException {
        SharedIndexInformer pods = factory.informerFor(PODS);
        WorkQueue queue = new WorkQueue("test");
        ControllerLoop loop = new ControllerLoop("test", queue, key -> 0, 1);
        loop.start(pods.addEventHandler(new ResourceEventHandler() {
        }));
        factory.start();
        factory.waitForCacheSync(Duration.ofSeconds(5));
        assertThat(liveness.health().getStatus()).isEqualTo(Status.UP);

        loop.stop();

        assertThat(liveness.health().getStatus()).isEqualTo(Status.UP);
    }
}
