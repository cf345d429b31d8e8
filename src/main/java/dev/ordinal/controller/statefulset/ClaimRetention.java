package dev.ordinal.controller.statefulset;

import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.ordinal.controller.OwnerReferences;
import dev.ordinal.machinery.Unstructured;

import static dev.ordinal.controller.OwnerReferences.POD;
import static dev.ordinal.controller.OwnerReferences.STATEFUL_SET;

/**
 * The owner references a pod's claims carry under the set's
 * {@code persistentVolumeClaimRetentionPolicy}, so the garbage collector deletes them with the set
 * ({@code whenDeleted: Delete}) or with a pod removed by scale-down ({@code whenScaled: Delete})
 * (upstream isClaimOwnerUpToDate and updateClaimOwnerRefForSetAndPod):
 * <ul>
 *   <li>Retain / Retain: no reference to the set or the pod;</li>
 *   <li>whenDeleted Delete: a controller reference to the set, while the pod is in range;</li>
 *   <li>whenScaled Delete: a controller reference to the pod once it is out of range (and none to
 *       the set then).</li>
 * </ul>
 */
final class ClaimRetention {

    private ClaimRetention() {
    }

    /**
     * Whether the claim's references already follow the policy. A claim with a stale reference (our
     * set's or pod's name, another UID) or with a foreign controller and none of ours is left alone.
     */
    static boolean isClaimOwnerUpToDate(Unstructured claim, Unstructured set, Unstructured pod) {
        if (hasStaleOwnerRef(claim, set, STATEFUL_SET) || hasStaleOwnerRef(claim, pod, POD)) {
            return true;
        }
        if (hasUnexpectedController(claim, set, pod)) {
            return !OwnerReferences.hasOwnerRef(claim, set) && !OwnerReferences.hasOwnerRef(claim, pod);
        }
        if (hasNonControllerOwner(claim, set, pod)) {
            return false;
        }
        StatefulSetSpec.RetentionPolicy policy = StatefulSetSpec.retentionPolicy(set);
        boolean scaledDown = !PodIdentity.inOrdinalRange(pod, set);
        boolean wantsSetRef = policy.deleteWhenDeleted() && !(policy.deleteWhenScaled() && scaledDown);
        boolean wantsPodRef = policy.deleteWhenScaled() && scaledDown;
        return OwnerReferences.hasOwnerRef(claim, set) == wantsSetRef
                && OwnerReferences.hasOwnerRef(claim, pod) == wantsPodRef;
    }

    /**
     * Rewrites the claim's references to our set and pod to follow the policy, keeping every other
     * reference; with a foreign controller ours are only removed.
     */
    static void updateClaimOwnerRefs(Unstructured claim, Unstructured set, Unstructured pod) {
        boolean unexpectedController = hasUnexpectedController(claim, set, pod);
        List<JsonNode> refs = new java.util.ArrayList<>(OwnerReferences.of(claim).stream()
                .filter(ref -> !OwnerReferences.matches(ref, set, STATEFUL_SET) && !OwnerReferences.matches(ref, pod, POD))
                .toList());
        if (!unexpectedController) {
            StatefulSetSpec.RetentionPolicy policy = StatefulSetSpec.retentionPolicy(set);
            boolean scaledDown = !PodIdentity.inOrdinalRange(pod, set);
            if (policy.deleteWhenScaled() && scaledDown) {
                addControllerRef(refs, pod, POD);
            } else if (policy.deleteWhenDeleted()) {
                addControllerRef(refs, set, STATEFUL_SET);
            }
        }
        OwnerReferences.set(claim, refs);
    }

    /**
     * Whether, under a policy that deletes claims, another object controls the claim, or a
     * reference names our set or pod with another UID (left over from an earlier incarnation).
     */
    static boolean hasUnexpectedController(Unstructured claim, Unstructured set, Unstructured pod) {
        if (StatefulSetSpec.retentionPolicy(set).retainsAll()) {
            return false;
        }
        for (JsonNode ref : OwnerReferences.of(claim)) {
            if (OwnerReferences.matches(ref, set, STATEFUL_SET)) {
                if (!OwnerReferences.uid(ref).equals(set.uid())) {
                    return true;
                }
                continue;
            }
            if (OwnerReferences.matches(ref, pod, POD)) {
                if (!OwnerReferences.uid(ref).equals(pod.uid())) {
                    return true;
                }
                continue;
            }
            if (OwnerReferences.isController(ref)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the first reference naming {@code owner} by kind and name has another UID: the claim
     * belongs to an earlier object of that name, e.g. a scaled-down pod the collector has yet to
     * finish. A pod not yet created has no UID, so any reference to its name is stale.
     */
    static boolean hasStaleOwnerRef(Unstructured claim, Unstructured owner, OwnerReferences.Kind kind) {
        for (JsonNode ref : OwnerReferences.of(claim)) {
            if (OwnerReferences.matches(ref, owner, kind)) {
                return !OwnerReferences.uid(ref).equals(owner.uid());
            }
        }
        return false;
    }

    /** Our set or pod is an owner without being the controller: the reference must be redone. */
    private static boolean hasNonControllerOwner(Unstructured claim, Unstructured set, Unstructured pod) {
        for (JsonNode ref : OwnerReferences.of(claim)) {
            String uid = OwnerReferences.uid(ref);
            if ((uid.equals(set.uid()) || uid.equals(pod.uid())) && !OwnerReferences.isController(ref)) {
                return true;
            }
        }
        return false;
    }

    private static void addControllerRef(List<JsonNode> refs, Unstructured owner, OwnerReferences.Kind kind) {
        if (refs.stream().noneMatch(ref -> OwnerReferences.uid(ref).equals(owner.uid()))) {
            refs.add(OwnerReferences.controllerRef(owner, kind));
        }
    }
}
