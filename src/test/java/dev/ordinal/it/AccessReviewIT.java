package dev.ordinal.it;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The access reviews through the fabric8 client, as the requester and as an impersonated user. */
@ServerTest
@Timeout(60)
class AccessReviewIT {

    @LocalServerPort
    int port;

    private static SelfSubjectAccessReview listPods(String namespace) {
        return new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
                .withVerb("list").withResource("pods").withNamespace(namespace).endResourceAttributes().endSpec()
                .build();
    }

    @Test
    void theDefaultUserMayAndAnImpersonatedUserMayNot() {
        try (KubernetesClient client = Clients.fabric8(port)) {
            SelfSubjectAccessReview review = client.authorization().v1().selfSubjectAccessReview()
                    .create(listPods("default"));
            assertThat(review.getStatus().getAllowed()).isTrue();
        }
        Config alice = new ConfigBuilder(Config.empty()).withMasterUrl(Clients.url(port))
                .withImpersonateUsername("alice").build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(alice).build()) {
            SelfSubjectAccessReview review = client.authorization().v1().selfSubjectAccessReview()
                    .create(listPods("default"));
            assertThat(review.getStatus().getAllowed()).isFalse();
            assertThatThrownBy(() -> client.pods().inNamespace("default").list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(403);
                        assertThat(e.getStatus().getReason()).isEqualTo("Forbidden");
                        assertThat(e.getStatus().getMessage()).isEqualTo("pods is forbidden: User \"alice\" cannot "
                                + "list resource \"pods\" in API group \"\" in the namespace \"default\"");
                    });
        }
    }

    @Test
    void aSubjectAccessReviewSaysWhichBindingAllows() {
        try (KubernetesClient client = Clients.fabric8(port)) {
            SubjectAccessReview review = client.authorization().v1().subjectAccessReview().create(
                    new SubjectAccessReviewBuilder().withNewSpec().withUser("bob").addToGroups("system:authenticated")
                            .withNewNonResourceAttributes().withVerb("get").withPath("/version")
                            .endNonResourceAttributes().endSpec().build());
            assertThat(review.getStatus().getAllowed()).isTrue();
            assertThat(review.getStatus().getReason()).isIn(
                    "RBAC: allowed by ClusterRoleBinding \"system:discovery\" of ClusterRole \"system:discovery\" to "
                            + "Group \"system:authenticated\"",
                    "RBAC: allowed by ClusterRoleBinding \"system:public-info-viewer\" of ClusterRole "
                            + "\"system:public-info-viewer\" to Group \"system:authenticated\"");

            assertThatThrownBy(() -> client.authorization().v1().subjectAccessReview().create(
                    new SubjectAccessReviewBuilder().withNewSpec().withNewNonResourceAttributes().withVerb("get")
                            .withPath("/version").endNonResourceAttributes().endSpec().build()))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(422);
                        assertThat(e.getStatus().getMessage()).isEqualTo("SubjectAccessReview.authorization.k8s.io "
                                + "\"\" is invalid: spec.user: Invalid value: \"\": at least one of user or group "
                                + "must be specified");
                    });
        }
    }
}
