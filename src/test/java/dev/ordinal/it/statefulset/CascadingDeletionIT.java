package dev.ordinal.it.statefulset;

import java.util.List;

import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deleting a set: its pods go with it (in the background, or before it with foreground), its
 * claims stay under the default retention policy; orphaning keeps the pods, no longer owned.
 */
@StatefulSetScenario
class CascadingDeletionIT {

    @LocalServerPort
    int port;

    private TestNamespace ns;

    @BeforeEach
    void namespace() {
        ns = TestNamespace.create(port, "cascade");
        ns.createNginxService();
        ns.create(Manifests.web(3).build());
        ns.awaitRolledOut("web", 3);
    }

    @AfterEach
    void close() {
        ns.close();
    }

    @Test
    void deletingTheSetDeletesItsPodsButNotItsClaims() {
        ns.set("web").delete();

        ns.until("the set and its pods are gone", () -> ns.set("web").get() == null && ns.pods().isEmpty());
        assertThat(ns.claimNames()).containsExactly("www-web-0", "www-web-1", "www-web-2");
        assertThat(ns.claims()).allSatisfy(claim -> assertThat(claim.getStatus().getPhase()).isEqualTo("Bound"));
    }

    @Test
    void kubectlDeleteWithForegroundCascadeReturnsOnceThePodsAreGone() {
        ns.kubectl("delete", "statefulset", "web", "--cascade=foreground");

        assertThat(ns.pods()).isEmpty();
        assertThat(ns.set("web").get()).isNull();
        assertThat(ns.claimNames()).containsExactly("www-web-0", "www-web-1", "www-web-2");
    }

    @Test
    void kubectlDeleteWithOrphanCascadeKeepsThePodsWithoutTheirOwner() {
        List<String> uids = ns.pods().stream().map(pod -> pod.getMetadata().getUid()).sorted().toList();

        assertThat(ns.kubectl("delete", "statefulset", "web", "--cascade=orphan"))
                .isEqualTo("statefulset.apps \"web\" deleted\n");

        assertThat(ns.set("web").get()).isNull();
        List<Pod> pods = ns.pods();
        assertThat(pods).extracting(pod -> pod.getMetadata().getUid()).containsExactlyInAnyOrderElementsOf(uids);
        assertThat(pods).allSatisfy(pod -> {
            assertThat(pod.getMetadata().getOwnerReferences()).isNullOrEmpty();
            assertThat(pod.getMetadata().getDeletionTimestamp()).isNull();
            assertThat(Pods.ready(pod)).isTrue();
        });
        assertThat(ns.claimNames()).containsExactly("www-web-0", "www-web-1", "www-web-2");
    }
}
