package dev.ordinal.it.statefulset;

import java.util.Map;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

/** What a client reads off a StatefulSet's pod. */
final class Pods {

    static final String REVISION_LABEL = "controller-revision-hash";

    private Pods() {
    }

    /** Running with the Ready condition True, as upstream's isRunningAndReady asks. */
    static boolean ready(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase()) && condition(pod, "Ready");
    }

    static boolean condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if (type.equals(condition.getType())) {
                return "True".equals(condition.getStatus());
            }
        }
        return false;
    }

    static String revision(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? null : labels.get(REVISION_LABEL);
    }

    static String image(Pod pod) {
        return pod.getSpec().getContainers().get(0).getImage();
    }

    /** The claim the pod mounts as volume {@code volume}. */
    static String claim(Pod pod, String volume) {
        return pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(volume)).findFirst()
                .map(v -> v.getPersistentVolumeClaim().getClaimName()).orElse(null);
    }
}
