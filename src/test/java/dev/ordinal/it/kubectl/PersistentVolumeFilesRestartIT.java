package dev.ordinal.it.kubectl;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.ordinal.OrdinalApplication;
import dev.ordinal.testing.Kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Upstream's stable-storage demonstration across a restart of the server on an H2 file database:
 * what web-0 wrote to its claim is there again, while what it wrote elsewhere in its container is
 * not. The files are the PersistentVolume's, kept in the database.
 */
@Timeout(300)
class PersistentVolumeFilesRestartIT {

    @TempDir
    Path data;

    private ConfigurableApplicationContext server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Kubectl start() {
        server = SpringApplication.run(OrdinalApplication.class, "--server.port=0",
                "--ordinal.kubeconfig=" + data.resolve("kubeconfig"), "--ordinal.dns.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + data.resolve("db"), "--ordinal.kubelet.start-delay=0",
                "--ordinal.kubelet.ready-delay=0", "--ordinal.kubelet.stop-delay=0");
        return new Kubectl(Integer.parseInt(server.getEnvironment().getProperty("local.server.port")), "default");
    }

    private static void awaitReady(Kubectl kubectl, String pod) {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            Kubectl.Result ready = kubectl.run("wait", "--for=condition=Ready", "pod/" + pod, "--timeout=30s");
            assertThat(ready.exitCode()).as(ready.toString()).isZero();
        });
    }

    @Test
    void aClaimsFilesSurviveARestartOfTheServer() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        Kubectl kubectl = start();
        for (String manifest : new String[] {StatefulSetManifests.NGINX_SERVICE, StatefulSetManifests.WEB}) {
            Kubectl.Result applied = kubectl.run("apply", "-f", kubectl.file("set.yaml", manifest).toString());
            assertThat(applied.exitCode()).as(applied.toString()).isZero();
        }
        awaitReady(kubectl, "web-0");
        Kubectl.Result write = kubectl.run("exec", "web-0", "--", "sh", "-c",
                "echo \"$(hostname)\" > /usr/share/nginx/html/index.html && echo scratch > /tmp/scratch");
        assertThat(write.exitCode()).as(write.toString()).isZero();

        server.close();
        kubectl = start();
        awaitReady(kubectl, "web-0");

        Kubectl.Result read = kubectl.run("exec", "web-0", "--", "cat", "/usr/share/nginx/html/index.html");
        assertThat(read.exitCode()).as(read.toString()).isZero();
        assertThat(read.out()).isEqualTo("web-0\n");
        Kubectl.Result scratch = kubectl.run("exec", "web-0", "--", "cat", "/tmp/scratch");
        assertThat(scratch.exitCode()).isEqualTo(1);
    }
}
