package dev.ordinal.controller.scheduler;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a pod asks of a node, as upstream's {@code resourcehelper.PodRequests}: the containers'
 * requests summed, or the largest init container's if that is more (sidecar init containers keep
 * running, so they add to both), plus the pod overhead. A request left out defaults to the limit,
 * as API defaulting makes it.
 */
final class PodRequests {

    private PodRequests() {
    }

    static Resources of(JsonNode spec) {
        return of(spec, false);
    }

    /**
     * The requests scoring uses: a container without a cpu or memory request counts as asking
     * for 100m cpu and 200Mi memory, so that empty pods still spread.
     */
    static Resources nonZero(JsonNode spec) {
        return of(spec, true);
    }

    private static Resources of(JsonNode spec, boolean nonZero) {
        Resources requests = Resources.NONE;
        for (JsonNode container : spec.path("containers")) {
            requests = requests.plus(container(container, nonZero));
        }
        Resources sidecars = Resources.NONE;
        Resources init = Resources.NONE;
        for (JsonNode container : spec.path("initContainers")) {
            Resources own = container(container, nonZero);
            if (container.path("restartPolicy").asString("").equals("Always")) {
                requests = requests.plus(own);
                sidecars = sidecars.plus(own);
                init = init.max(sidecars);
            } else {
                init = init.max(own.plus(sidecars));
            }
        }
        return requests.max(init).plus(Resources.of(spec.path("overhead")));
    }

    private static Resources container(JsonNode container, boolean nonZero) {
        JsonNode resources = container.path("resources");
        ObjectNode requests = JsonNodeFactory.instance.objectNode();
        resources.path("limits").properties().forEach(e -> requests.set(e.getKey(), e.getValue()));
        resources.path("requests").properties().forEach(e -> requests.set(e.getKey(), e.getValue()));
        Resources own = Resources.of(requests);
        if (nonZero) {
            own = new Resources(own.milliCpu() == 0 ? Resources.DEFAULT_MILLI_CPU_REQUEST : own.milliCpu(),
                    own.memory() == 0 ? Resources.DEFAULT_MEMORY_REQUEST : own.memory(), own.ephemeralStorage(),
                    own.scalars());
        }
        return own;
    }
}
