package dev.ordinal.controller.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The running server caches each resource once, however many controllers read it. */
@ServerTest
class SharedInformerFactoryIT {

    /**
     * statefulset, replicaset, deployment, garbage collector, endpoints, scheduler, persistentvolume,
     * pvc protection, kubelet, container runtime, DNS.
     */
    private static final int POD_CONSUMERS = 11;

    @Autowired
    private SharedInformerFactory factory;
    @Autowired
    private ResourceRegistry resources;

    @Test
    void everyResourceHasOneInformerSharedByEveryController() throws InterruptedException {
        List<GroupResource> informed = factory.resources();
        Set<GroupResource> served = resources.all().stream().map(ResourceDefinition::groupResource)
                .collect(Collectors.toSet());

        assertThat(informed).doesNotHaveDuplicates();
        assertThat(factory.informerCount()).isEqualTo(informed.size());
        // The garbage collector watches every served resource, and nothing watches what is not served.
        assertThat(Set.copyOf(informed)).isEqualTo(served);
        assertThat(factory.informerFor(new GroupResource("", "pods")).handlerCount())
                .isGreaterThanOrEqualTo(POD_CONSUMERS);
        assertThat(factory.informerCount()).isEqualTo(served.size());
        assertThat(factory.waitForCacheSync(Duration.ofSeconds(30)))
                .hasSize(served.size())
                .doesNotContainValue(false);
    }
}
