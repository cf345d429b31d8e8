package dev.ordinal.controller.daemon;

import dev.ordinal.controller.IntOrPercent;
import dev.ordinal.machinery.Unstructured;

/**
 * How far a DaemonSet's rolling update may go (upstream {@code SurgeCount}, {@code UnavailableCount}
 * and {@code updatedDesiredNodeCounts}): maxSurge and maxUnavailable as numbers or percentages of
 * the nodes that should run the pod, both rounded up, 0 unless the strategy is RollingUpdate;
 * should both come to 0 for some nodes, one node may be unavailable.
 */
record UpdateBudget(int maxSurge, int maxUnavailable) {

    static UpdateBudget of(Unstructured daemonSet, int desiredNumberScheduled) {
        int surge = count(daemonSet, "maxSurge", desiredNumberScheduled);
        int unavailable = count(daemonSet, "maxUnavailable", desiredNumberScheduled);
        if (desiredNumberScheduled > 0 && surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new UpdateBudget(surge, unavailable);
    }

    /** Upstream {@code AllowsSurge}: maxSurge is not 0, counted against one node. */
    static boolean allowsSurge(Unstructured daemonSet) {
        return count(daemonSet, "maxSurge", 1) != 0;
    }

    static boolean isRollingUpdate(Unstructured daemonSet) {
        return "RollingUpdate".equals(daemonSet.at("spec.updateStrategy.type").asString(""));
    }

    private static int count(Unstructured daemonSet, String bound, int desiredNumberScheduled) {
        if (!isRollingUpdate(daemonSet)) {
            return 0;
        }
        return IntOrPercent.scaledValue(daemonSet.at("spec.updateStrategy.rollingUpdate." + bound),
                desiredNumberScheduled, true);
    }
}
