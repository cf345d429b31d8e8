package dev.ordinal.controller.deployment;

import dev.ordinal.controller.IntOrPercent;
import dev.ordinal.machinery.Unstructured;

/**
 * How far a Deployment's rolling update may go above and below its replicas (upstream
 * {@code deployment_util.go} {@code MaxSurge}, {@code MaxUnavailable}, {@code ResolveFenceposts} and
 * {@link IntOrPercent#scaledValue}): percentages of replicas, surge rounded up and
 * unavailable rounded down; both 0 makes unavailable 1, so a rollout can always move.
 */
final class RolloutBounds {

    private RolloutBounds() {
    }

    static boolean isRollingUpdate(Unstructured deployment) {
        return "RollingUpdate".equals(deployment.at("spec.strategy.type").asString(""));
    }

    static int replicas(Unstructured deployment) {
        return deployment.at("spec.replicas").asInt(1);
    }

    /** Upstream {@code MaxSurge}: 0 but for RollingUpdate. */
    static int maxSurge(Unstructured deployment) {
        if (!isRollingUpdate(deployment)) {
            return 0;
        }
        return resolve(deployment)[0];
    }

    /** Upstream {@code MaxUnavailable}: 0 but for RollingUpdate with replicas, and never above replicas. */
    static int maxUnavailable(Unstructured deployment) {
        int replicas = replicas(deployment);
        if (!isRollingUpdate(deployment) || replicas == 0) {
            return 0;
        }
        return Math.min(resolve(deployment)[1], replicas);
    }

    /** Upstream {@code ResolveFenceposts}: surge and unavailable, never both 0. */
    private static int[] resolve(Unstructured deployment) {
        int replicas = replicas(deployment);
        int surge = IntOrPercent.scaledValue(deployment.at("spec.strategy.rollingUpdate.maxSurge"), replicas, true);
        int unavailable = IntOrPercent.scaledValue(deployment.at("spec.strategy.rollingUpdate.maxUnavailable"), replicas, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new int[] {surge, unavailable};
    }
}
