package dev.ordinal.registry.core;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * A pod's quality of service class, computed from its containers' requests and limits of cpu and
 * memory as upstream's {@code qos.ComputePodQOS}: Guaranteed when every container limits both and
 * requests equal limits, BestEffort when nothing is requested or limited, Burstable otherwise.
 */
final class PodQos {

    private static final List<String> COMPUTE_RESOURCES = List.of("cpu", "memory");

    private PodQos() {
    }

    static String of(JsonNode spec) {
        Map<String, BigDecimal> requests = new HashMap<>();
        Map<String, BigDecimal> limits = new HashMap<>();
        boolean guaranteed = true;
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode container : spec.path(list)) {
                JsonNode resources = container.path("resources");
                add(resources.path("requests"), requests);
                Set<String> limited = add(resources.path("limits"), limits);
                if (!limited.containsAll(COMPUTE_RESOURCES)) {
                    guaranteed = false;
                }
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return "BestEffort";
        }
        if (guaranteed) {
            for (var request : requests.entrySet()) {
                BigDecimal limit = limits.get(request.getKey());
                if (limit == null || limit.compareTo(request.getValue()) != 0) {
                    guaranteed = false;
                    break;
                }
            }
        }
        return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
    }

    /** Adds the positive cpu and memory amounts of one list to the totals; answers their names. */
    private static Set<String> add(JsonNode list, Map<String, BigDecimal> totals) {
        Set<String> found = new HashSet<>();
        for (String resource : COMPUTE_RESOURCES) {
            BigDecimal amount = list.has(resource) ? Quantities.amount(list.get(resource)) : null;
            if (amount != null && amount.signum() > 0) {
                found.add(resource);
                totals.merge(resource, amount, BigDecimal::add);
            }
        }
        return found;
    }
}
