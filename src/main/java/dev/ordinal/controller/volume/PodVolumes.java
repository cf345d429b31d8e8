package dev.ordinal.controller.volume;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;

/** What the volume controllers need to know of pods: the claims they use and whether they are done. */
final class PodVolumes {

    private PodVolumes() {
    }

    /**
     * The claims a pod's volumes name: persistentVolumeClaim volumes by claimName, ephemeral
     * volumes by the {@code <pod>-<volume>} claim upstream creates for them.
     */
    static List<String> claimNames(Pod pod) {
        List<String> names = new ArrayList<>();
        for (Volume volume : volumes(pod)) {
            if (volume.getPersistentVolumeClaim() != null) {
                names.add(volume.getPersistentVolumeClaim().getClaimName());
            } else if (volume.getEphemeral() != null) {
                names.add(pod.getMetadata().getName() + "-" + volume.getName());
            }
        }
        return names;
    }

    /**
     * Whether the pod's volumes name a claim, read from the object as stored: most pods use none,
     * and for those no typed copy is worth making.
     */
    static boolean usesClaims(Unstructured pod) {
        for (JsonNode volume : pod.json().path("spec").path("volumes")) {
            if (volume.has("persistentVolumeClaim") || volume.has("ephemeral")) {
                return true;
            }
        }
        return false;
    }

    static List<Volume> volumes(Pod pod) {
        return pod.getSpec() == null ? List.of() : pod.getSpec().getVolumes();
    }

    static String nodeName(Pod pod) {
        return pod.getSpec() == null ? "" : VolumeFields.orEmpty(pod.getSpec().getNodeName());
    }

    /**
     * Upstream's IsPodTerminated: Succeeded or Failed, or being deleted with no container
     * running any more.
     */
    static boolean terminated(Pod pod) {
        String phase = pod.getStatus() == null ? "" : VolumeFields.orEmpty(pod.getStatus().getPhase());
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            return true;
        }
        if (!VolumeFields.isBeingDeleted(pod)) {
            return false;
        }
        List<ContainerStatus> statuses = pod.getStatus() == null ? List.of() : pod.getStatus().getContainerStatuses();
        return statuses.stream().noneMatch(status -> status.getState() != null
                && status.getState().getRunning() != null);
    }
}
