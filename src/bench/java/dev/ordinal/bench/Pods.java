package dev.ordinal.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

/** The pods the API phases write: small, labelled, and left alone by the simulated cluster. */
final class Pods {

    /** How many label shards the pods are spread over; a selected list matches one of them. */
    static final int SHARDS = 10;

    /**
     * A scheduler name no scheduler answers to: upstream's scheduler (and Ordinal's) only places
     * pods that name it, so these stay unscheduled and no kubelet writes their status. The API
     * phases then measure the API alone, on Ordinal as on the mock.
     */
    static final String UNSCHEDULED = "none";

    private Pods() {
    }

    static String name(int index) {
        return "pod-%05d".formatted(index);
    }

    static Pod pod(int index) {
        return new PodBuilder()
                .withNewMetadata()
                    .withName(name(index))
                    .addToLabels("app", "bench")
                    .addToLabels("shard", Integer.toString(index % SHARDS))
                .endMetadata()
                .withNewSpec()
                    .withSchedulerName(UNSCHEDULED)
                    .addNewContainer()
                        .withName("app")
                        .withImage("registry.k8s.io/pause:3.10")
                    .endContainer()
                .endSpec()
                .build();
    }
}
