package dev.ordinal.kubelet;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Quantity;
import tools.jackson.databind.JsonNode;

/**
 * A pod's quality-of-service class, as upstream's {@code qos.ComputePodQOS}: BestEffort when no
 * container requests or limits cpu or memory, Guaranteed when every container limits both and
 * requests what it limits, Burstable otherwise. A request left out defaults to the limit, as API
 * defaulting makes it.
 */
final class QosClass {

    private static final List<String> COMPUTE = List.of("cpu", "memory");

    private QosClass() {
    }

    static String of(JsonNode spec) {
        Map<String, BigDecimal> requests = new HashMap<>();
        Map<String, BigDecimal> limits = new HashMap<>();
        boolean guaranteed = true;
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode container : spec.path(list)) {
                JsonNode resources = container.path("resources");
                Set<String> limited = new HashSet<>();
                for (String name : COMPUTE) {
                    BigDecimal limit = amount(resources.path("limits").path(name));
                    BigDecimal request = resources.path("requests").has(name)
                            ? amount(resources.path("requests").path(name)) : limit;
                    if (request.signum() > 0) {
                        requests.merge(name, request, BigDecimal::add);
                    }
                    if (limit.signum() > 0) {
                        limits.merge(name, limit, BigDecimal::add);
                        limited.add(name);
                    }
                }
                guaranteed &= limited.containsAll(COMPUTE);
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return "BestEffort";
        }
        if (guaranteed && requests.keySet().equals(limits.keySet())) {
            for (String name : requests.keySet()) {
                if (requests.get(name).compareTo(limits.get(name)) != 0) {
                    return "Burstable";
                }
            }
            return "Guaranteed";
        }
        return "Burstable";
    }

    private static BigDecimal amount(JsonNode quantity) {
        if (!quantity.isString() && !quantity.isNumber()) {
            return BigDecimal.ZERO;
        }
        try {
            return new Quantity(quantity.asString()).getNumericalAmount();
        } catch (ArithmeticException | IllegalArgumentException e) {
            return BigDecimal.ZERO;
        }
    }
}
