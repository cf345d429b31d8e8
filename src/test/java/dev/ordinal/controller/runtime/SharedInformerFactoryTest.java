package dev.ordinal.controller.runtime;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.ordinal.machinery.GroupResource;

import static org.assertj.core.api.Assertions.assertThat;

class SharedInformerFactoryTest {

    private static final GroupResource PODS = new GroupResource("", "pods");
    private static final GroupResource NODES = new GroupResource("", "nodes");

    private final SharedInformerFactory factory = new SharedInformerFactory(resource -> new FakeListerWatcher());

    @AfterEach
    void stop() {
        factory.shutdown();
    }

    @Test
    void handsOutOneInformerPerResource() {
        SharedIndexInformer pods = factory.informerFor(PODS);

        assertThat(factory.informerFor(new GroupResource("", "pods"))).isSameAs(pods);
        assertThat(factory.informerFor(NODES)).isNotSameAs(pods);
        assertThat(factory.informerCount()).isEqualTo(2);
        assertThat(factory.resources()).containsExactly(PODS, NODES);
    }

    @Test
    void startsEveryInformerAskedForAndThoseAskedForLaterOnTheNextStart() throws InterruptedException {
        factory.informerFor(PODS);
        factory.start();
        assertThat(factory.waitForCacheSync(Duration.ofSeconds(5))).isEqualTo(Map.of(PODS, true));

        SharedIndexInformer nodes = factory.informerFor(NODES);
        assertThat(nodes.started()).isFalse();
        factory.start();

        assertThat(factory.waitForCacheSync(Duration.ofSeconds(5))).isEqualTo(Map.of(PODS, true, NODES, true));
        assertThat(factory.isRunning()).isTrue();
    }
}
