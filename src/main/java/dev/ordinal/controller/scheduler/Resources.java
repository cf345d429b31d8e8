package dev.ordinal.controller.scheduler;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.Quantity;
import tools.jackson.databind.JsonNode;

/**
 * An amount of each resource, as the scheduler's {@code framework.Resource}: cpu in millicores,
 * memory and ephemeral-storage in bytes, and any other (extended) resource in its own unit.
 */
record Resources(long milliCpu, long memory, long ephemeralStorage, Map<String, Long> scalars) {

    static final Resources NONE = new Resources(0, 0, 0, Map.of());
    /**
     * What scoring assumes a container without requests uses (upstream's DefaultMilliCPURequest
     * and DefaultMemoryRequest).
     */
    static final long DEFAULT_MILLI_CPU_REQUEST = 100;
    static final long DEFAULT_MEMORY_REQUEST = 200L * 1024 * 1024;

    /** A v1 ResourceList ({@code {cpu: 500m, memory: 1Gi}}); the pods entry is not a resource of a pod. */
    static Resources of(JsonNode list) {
        long cpu = 0;
        long memory = 0;
        long storage = 0;
        Map<String, Long> scalars = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : list.properties()) {
            String name = entry.getKey();
            switch (name) {
                case "cpu" -> cpu = milli(entry.getValue());
                case "memory" -> memory = value(entry.getValue());
                case "ephemeral-storage" -> storage = value(entry.getValue());
                case "pods" -> {
                    // A node's room for pods, which NodeInfo counts apart; no pod requests it.
                }
                default -> scalars.put(name, value(entry.getValue()));
            }
        }
        return new Resources(cpu, memory, storage, Map.copyOf(scalars));
    }

    Resources plus(Resources other) {
        Map<String, Long> sum = new TreeMap<>(scalars);
        other.scalars.forEach((name, amount) -> sum.merge(name, amount, Long::sum));
        return new Resources(milliCpu + other.milliCpu, memory + other.memory,
                ephemeralStorage + other.ephemeralStorage, Map.copyOf(sum));
    }

    /** The larger amount of each resource. */
    Resources max(Resources other) {
        Map<String, Long> most = new TreeMap<>(scalars);
        other.scalars.forEach((name, amount) -> most.merge(name, amount, Math::max));
        return new Resources(Math.max(milliCpu, other.milliCpu), Math.max(memory, other.memory),
                Math.max(ephemeralStorage, other.ephemeralStorage), Map.copyOf(most));
    }

    boolean isZero() {
        return milliCpu == 0 && memory == 0 && ephemeralStorage == 0 && scalars.values().stream().allMatch(v -> v == 0);
    }

    long scalar(String name) {
        return scalars.getOrDefault(name, 0L);
    }

    private static long milli(JsonNode quantity) {
        return amount(quantity).movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private static long value(JsonNode quantity) {
        return amount(quantity).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private static BigDecimal amount(JsonNode quantity) {
        try {
            return new Quantity(quantity.asString("")).getNumericalAmount();
        } catch (ArithmeticException | IllegalArgumentException e) {
            return BigDecimal.ZERO;
        }
    }
}
