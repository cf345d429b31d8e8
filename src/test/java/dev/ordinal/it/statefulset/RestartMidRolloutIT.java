package dev.ordinal.it.statefulset;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;

import dev.ordinal.OrdinalApplication;

import static dev.ordinal.it.statefulset.PodTimeline.Change.TERMINATING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server on an H2 file database, stopped in the middle of a rolling update and started
 * again: the controllers and the simulated kubelet pick the roll-out up from what was stored and
 * finish it, with every pod and claim there once.
 */
@Timeout(120)
class RestartMidRolloutIT {

    @TempDir
    Path data;

    private ConfigurableApplicationContext server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRollOutInterruptedByARestartResumesAndConverges() {
        TestNamespace ns = TestNamespace.create(start(), "restart");
        ns.createNginxService();
        ns.create(Manifests.web(3).build());
        String first = ns.awaitRolledOut("web", 3).getStatus().getCurrentRevision();
        Map<String, String> claims = uids(ns.claims());

        String second;
        String updatedBeforeRestart;
        try (PodTimeline timeline = ns.timeline()) {
            // Pods of the new template take a second to become Ready, so the roll-out is caught midway.
            ns.set("web").edit(set -> new StatefulSetBuilder(set).editSpec().editTemplate()
                    .editMetadata().addToAnnotations("ordinal.dev/ready-delay", "1s").endMetadata()
                    .editSpec().editFirstContainer().withImage(Manifests.NEWER_IMAGE).endContainer().endSpec()
                    .endTemplate().endSpec().build());
            ns.until("web-2 is updated and web-1 is being replaced",
                    () -> timeline.pods(TERMINATING).contains("web-1"));
            second = ns.set("web").get().getStatus().getUpdateRevision();
            updatedBeforeRestart = ns.pod("web-2").getMetadata().getUid();
        }
        assertThat(second).isNotEqualTo(first);
        server.close();

        ns = ns.reconnect(start());
        StatefulSet after = ns.awaitRolledOut("web", 3);

        assertThat(after.getStatus().getCurrentRevision()).isEqualTo(second);
        assertThat(ns.podNames()).containsExactly("web-0", "web-1", "web-2");
        assertThat(ns.pods()).allSatisfy(pod -> assertThat(Pods.image(pod)).isEqualTo(Manifests.NEWER_IMAGE));
        assertThat(ns.pod("web-2").getMetadata().getUid()).as("web-2, updated before the restart, is left alone")
                .isEqualTo(updatedBeforeRestart);
        assertThat(uids(ns.claims())).isEqualTo(claims);
        for (Pod pod : ns.pods()) {
            assertThat(Pods.claim(pod, "www")).isEqualTo("www-" + pod.getMetadata().getName());
        }
        List<PersistentVolume> volumes = ns.client.persistentVolumes().list().getItems();
        assertThat(volumes).extracting(volume -> volume.getSpec().getClaimRef().getUid())
                .containsExactlyInAnyOrderElementsOf(claims.values());
        assertThat(volumes).allSatisfy(volume -> assertThat(volume.getStatus().getPhase()).isEqualTo("Bound"));
        assertThat(ns.client.apps().controllerRevisions().inNamespace(ns.name).list().getItems())
                .extracting(revision -> revision.getMetadata().getName())
                .containsExactlyInAnyOrder(first, second);
        ns.close();
    }

    /** Starts the server on the test's database file, paced as the other scenarios; answers its port. */
    private int start() {
        Stream<String> settings = Stream.of(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + data.resolve("db") + ";WRITE_DELAY=0",
                "--ordinal.kubeconfig=" + data.resolve("kubeconfig"),
                "--ordinal.dns.port=0");
        Stream<String> pacing = Arrays.stream(StatefulSetScenario.class.getAnnotation(TestPropertySource.class)
                .properties()).map(property -> "--" + property);
        server = SpringApplication.run(OrdinalApplication.class,
                Stream.concat(settings, pacing).toArray(String[]::new));
        return Integer.parseInt(server.getEnvironment().getProperty("local.server.port"));
    }

    private static Map<String, String> uids(List<PersistentVolumeClaim> claims) {
        return claims.stream().collect(Collectors.toMap(claim -> claim.getMetadata().getName(),
                claim -> claim.getMetadata().getUid()));
    }
}
