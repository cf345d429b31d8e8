package dev.ordinal.controller.statefulset;

import java.util.Optional;

import dev.ordinal.controller.ControllerRefManager;
import dev.ordinal.machinery.Unstructured;

/**
 * Where {@link StatefulPodControl} reads and writes pods and claims (upstream
 * StatefulPodControlObjectManager): the server's registry and informer caches, or a fake in tests.
 * Writes fail with a {@code StatusError} as the API would answer.
 */
interface StatefulPodObjects {

    void createPod(Unstructured pod);

    Optional<Unstructured> getPod(String namespace, String name);

    void updatePod(Unstructured pod);

    void deletePod(Unstructured pod);

    /** Makes {@code set} the pod's controller (upstream ControllerRefManager's adoption patch). */
    void adoptPod(Unstructured set, Unstructured pod);

    /** Removes the pod's reference to {@code set} (upstream ControllerRefManager's release patch). */
    void releasePod(Unstructured set, Unstructured pod);

    /** The pods' controller references, written through {@link #adoptPod} and {@link #releasePod}. */
    default ControllerRefManager.ChildWrites podReferences() {
        return new ControllerRefManager.ChildWrites() {
            @Override
            public void adopt(Unstructured set, Unstructured pod) {
                adoptPod(set, pod);
            }

            @Override
            public void release(Unstructured set, Unstructured pod) {
                releasePod(set, pod);
            }
        };
    }

    void createClaim(Unstructured claim);

    Optional<Unstructured> getClaim(String namespace, String name);

    void updateClaim(Unstructured claim);
}
