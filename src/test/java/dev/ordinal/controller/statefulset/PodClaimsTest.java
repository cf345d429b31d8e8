package dev.ordinal.controller.statefulset;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ordinal.controller.ControllerRefManager;
import dev.ordinal.controller.OwnerReferences;
import dev.ordinal.machinery.Unstructured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodClaimsTest {

    private static final Runnable ALLOWED = () -> { };

    private final FakeCluster cluster = new FakeCluster();
    private final ControllerRefManager manager = new ControllerRefManager("Pod", cluster.podReferences());
    private final Unstructured set = cluster.addSet("""
            {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"web","namespace":"default"},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"nginx"}},
              "template":{"metadata":{"labels":{"app":"nginx"}},"spec":{"containers":[{"name":"nginx"}]}}}}
            """);

    private Unstructured pod(String name, String labels, String owner) {
        return cluster.addPod("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"default",
                 "labels":%s,"ownerReferences":%s}}
                """.formatted(name, labels, owner));
    }

    private static String controllerRef(String name, String uid) {
        return "[{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"name\":\"" + name + "\",\"uid\":\"" + uid
                + "\",\"controller\":true}]";
    }

    @Test
    void orphansThatMatchAreAdopted() {
        Unstructured orphan = pod("web-0", "{\"app\":\"nginx\"}", "[]");

        List<Unstructured> claimed = manager.claim(set, PodIdentity.claimable(set), List.of(orphan), ALLOWED);

        assertThat(claimed).extracting(Unstructured::name).containsExactly("web-0");
        assertThat(OwnerReferences.controllerOf(cluster.pod("web-0")).orElseThrow().path("uid").asString())
                .isEqualTo(set.uid());
    }

    @Test
    void orphansWhoseNameIsNotOfTheSetAreLeftAlone() {
        Unstructured stranger = pod("db-0", "{\"app\":\"nginx\"}", "[]");

        assertThat(manager.claim(set, PodIdentity.claimable(set), List.of(stranger), ALLOWED)).isEmpty();
        assertThat(OwnerReferences.of(cluster.pod("db-0"))).isEmpty();
    }

    @Test
    void ownPodsThatNoLongerMatchAreReleased() {
        Unstructured relabelled = pod("web-1", "{\"app\":\"other\"}", controllerRef("web", set.uid()));

        assertThat(manager.claim(set, PodIdentity.claimable(set), List.of(relabelled), ALLOWED)).isEmpty();
        assertThat(OwnerReferences.of(cluster.pod("web-1"))).isEmpty();
    }

    @Test
    void podsOfAnotherControllerAreNeverTouched() {
        Unstructured foreign = pod("web-0", "{\"app\":\"nginx\"}", controllerRef("web", "another-uid"));

        assertThat(manager.claim(set, PodIdentity.claimable(set), List.of(foreign), ALLOWED)).isEmpty();
        assertThat(OwnerReferences.uid(OwnerReferences.controllerOf(cluster.pod("web-0")).orElseThrow()))
                .isEqualTo("another-uid");
    }

    @Test
    void aSetThatMayNotAdoptSaysWhy() {
        Unstructured orphan = pod("web-0", "{\"app\":\"nginx\"}", "[]");

        assertThatThrownBy(() -> manager.claim(set, PodIdentity.claimable(set), List.of(orphan), () -> {
            throw new IllegalStateException("default/web has just been deleted at 2025-01-01T00:00:00Z");
        })).hasMessageStartingWith("can't adopt Pod default/web-0 (")
                .hasMessageEndingWith("): default/web has just been deleted at 2025-01-01T00:00:00Z");
        assertThat(OwnerReferences.of(cluster.pod("web-0"))).isEmpty();
    }
}
