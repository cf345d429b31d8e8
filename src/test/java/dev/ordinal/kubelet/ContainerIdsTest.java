package dev.ordinal.kubelet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerIdsTest {

    @ParameterizedTest
    @CsvSource({
            "nginx, docker.io/library/nginx:latest",
            "nginx:1.27, docker.io/library/nginx:1.27",
            "bitnami/redis, docker.io/bitnami/redis:latest",
            "registry.k8s.io/pause:3.10, registry.k8s.io/pause:3.10",
            "localhost/app, localhost/app:latest",
            "localhost:5000/app:v1, localhost:5000/app:v1",
            "quay.io/org/app@sha256:abc, quay.io/org/app@sha256:abc"})
    void imagesAreFullyQualifiedAsContainerdReportsThem(String image, String qualified) {
        assertThat(ContainerIds.image(image)).isEqualTo(qualified);
    }

    @Test
    void imageIdsAreDigestReferencesOfTheRepository() {
        assertThat(ContainerIds.imageId("nginx:1.27")).matches("docker\\.io/library/nginx@sha256:[0-9a-f]{64}");
        assertThat(ContainerIds.imageId("nginx:1.27")).isNotEqualTo(ContainerIds.imageId("nginx:1.26"));
        assertThat(ContainerIds.imageId("quay.io/org/app@sha256:abc")).isEqualTo("quay.io/org/app@sha256:abc");
    }

    @Test
    void containerIdsDifferPerRunAndRepeatForTheSameRun() {
        String first = ContainerIds.containerId("uid", "app", 0);

        assertThat(first).matches("containerd://[0-9a-f]{64}");
        assertThat(ContainerIds.containerId("uid", "app", 0)).isEqualTo(first);
        assertThat(ContainerIds.containerId("uid", "app", 1)).isNotEqualTo(first);
        assertThat(ContainerIds.containerId("other", "app", 0)).isNotEqualTo(first);
    }
}
