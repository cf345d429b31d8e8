package dev.ordinal.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.kubernetes.client.Exec;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Java clients stepping into a pod over {@code v4.channel.k8s.io} (fabric8) and
 * {@code v5.channel.k8s.io} (client-java): exec with its exit code as a Status on the error
 * channel, fabric8's file upload and read (exec of {@code sh -c} with {@code cat} and {@code wc}),
 * and the log.
 */
@ServerTest
@TestPropertySource(properties = {
        "ordinal.kubelet.start-delay=0", "ordinal.kubelet.ready-delay=0", "ordinal.kubelet.stop-delay=0"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class PodStreamingClientsIT {

    @LocalServerPort
    int port;

    private KubernetesClient fabric8;
    private String namespace;

    @BeforeAll
    void createPod() {
        fabric8 = Clients.fabric8(port);
        namespace = Clients.uniqueName("streaming");
        fabric8.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                .build()).create();
        Pod pod = new PodBuilder().withNewMetadata().withName("app-0").endMetadata()
                .withNewSpec().withHostname("app-0").withSubdomain("app")
                .addNewContainer().withName("app").withImage("busybox:1.36")
                .withCommand("sh", "-c", "echo started as $(hostname); while true; do sleep 1; done")
                .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
                .endFieldRef().endValueFrom().endEnv()
                .endContainer().endSpec().build();
        fabric8.pods().inNamespace(namespace).resource(pod).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> "Running".equals(
                fabric8.pods().inNamespace(namespace).withName("app-0").get().getStatus().getPhase()));
    }

    @AfterAll
    void close() {
        fabric8.close();
    }

    @Test
    void fabric8ExecGivesOutputAndExitCode() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExecWatch watch = fabric8.pods().inNamespace(namespace).withName("app-0").writingOutput(out)
                .exec("sh", "-c", "echo $POD_NAME $(hostname -f); exit 4")) {
            assertThat(watch.exitCode().get(20, TimeUnit.SECONDS)).isEqualTo(4);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("app-0 app-0.app." + namespace
                + ".svc.cluster.local\n");
    }

    @Test
    void fabric8UploadsAndReadsAFile() throws Exception {
        Path local = Files.createTempFile("upload", ".txt");
        Files.writeString(local, "uploaded through fabric8\n");
        boolean uploaded = fabric8.pods().inNamespace(namespace).withName("app-0").file("/data/in/file.txt")
                .upload(local);
        assertThat(uploaded).isTrue();
        try (var read = fabric8.pods().inNamespace(namespace).withName("app-0").file("/data/in/file.txt").read()) {
            assertThat(new String(read.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("uploaded through fabric8\n");
        }
    }

    @Test
    void fabric8GetLogIsTheMainProcessesOutput() {
        String log = fabric8.pods().inNamespace(namespace).withName("app-0").getLog();
        assertThat(log).startsWith("started as app-0\n");
    }

    @Test
    void clientJavaExecGivesOutputAndExitValue() throws Exception {
        ApiClient client = new ClientBuilder().setBasePath(Clients.url(port)).setReadTimeout(Duration.ZERO).build();
        Process process = new Exec(client).exec(namespace, "app-0",
                new String[] {"sh", "-c", "printf 'from client-java\\n'; ls /nope; exit 2"}, "app", false, false);
        // Both streams are taken before either is read: the client gives none once the socket closed.
        var stdout = process.getInputStream();
        var stderr = process.getErrorStream();
        String out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(stderr.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(out).isEqualTo("from client-java\n");
        assertThat(err).isEqualTo("ls: cannot access '/nope': No such file or directory\n");
        process.destroy();
    }
}
