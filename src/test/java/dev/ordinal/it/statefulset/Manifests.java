package dev.ordinal.it.statefulset;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;

/**
 * The objects of the StatefulSet tutorial (kubernetes.io, "StatefulSet Basics"): a headless
 * Service {@code nginx} and a set {@code web} whose pods each mount a claim {@code www-web-N}.
 */
final class Manifests {

    static final String IMAGE = "registry.k8s.io/nginx-slim:0.24";
    static final String NEWER_IMAGE = "registry.k8s.io/nginx-slim:0.27";

    private Manifests() {
    }

    static Service nginx() {
        return new ServiceBuilder()
                .withNewMetadata().withName("nginx").addToLabels("app", "nginx").endMetadata()
                .withNewSpec().withClusterIP("None").addToSelector("app", "nginx")
                .addNewPort().withName("web").withPort(80).endPort().endSpec()
                .build();
    }

    /** The set {@code web}: OrderedReady, RollingUpdate, one claim template {@code www}. */
    static StatefulSetBuilder web(int replicas) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName("nginx")
                .withNewSelector().addToMatchLabels("app", "nginx").endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", "nginx").endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(10L)
                .addNewContainer().withName("nginx").withImage(IMAGE)
                .addNewPort().withName("web").withContainerPort(80).endPort()
                .addNewVolumeMount().withName("www").withMountPath("/usr/share/nginx/html").endVolumeMount()
                .endContainer()
                .endSpec()
                .endTemplate()
                .addNewVolumeClaimTemplate()
                .withNewMetadata().withName("www").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources()
                .endSpec()
                .endVolumeClaimTemplate()
                .endSpec();
    }

    static StatefulSet web(int replicas, String podManagementPolicy) {
        return web(replicas).editSpec().withPodManagementPolicy(podManagementPolicy).endSpec().build();
    }
}
