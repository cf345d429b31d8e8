package dev.ordinal.controller.endpoint;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.ordinal.machinery.JsonFields;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.pod.PodConditions;

/**
 * The value of the {@code endpoints.kubernetes.io/last-change-trigger-time} annotation, as
 * upstream's {@code TriggerTimeTracker}: for a Service seen for the first time its creation time,
 * afterwards the earliest trigger time that changed since the previous sync, where a pod's trigger
 * time is the last transition of its Ready condition. DNS programming latency is measured from it.
 */
final class TriggerTimeTracker {

    private record State(Map<String, Instant> podTriggerTimes, Instant serviceTriggerTime) {
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();

    /** Computes the trigger time for this sync and remembers the state; empty when nothing changed. */
    Optional<Instant> compute(Unstructured service, List<Unstructured> pods) {
        String key = service.namespace() + "/" + service.name();
        State previous = states.get(key);
        Instant minChanged = null;
        Map<String, Instant> podTimes = new HashMap<>();
        for (Unstructured pod : pods) {
            Optional<Instant> podTime =
                    Optional.ofNullable(JsonFields.time(PodConditions.find(pod.json().path("status"), "Ready").path("lastTransitionTime")));
            if (podTime.isPresent()) {
                podTimes.put(pod.name(), podTime.get());
                Instant last = previous == null ? null : previous.podTriggerTimes().get(pod.name());
                if (last == null || podTime.get().isAfter(last)) {
                    minChanged = min(minChanged, podTime.get());
                }
            }
        }
        Instant serviceTime = Objects.requireNonNullElse(JsonFields.time(service.metadata().path("creationTimestamp")),
                Instant.EPOCH);
        if (previous == null || serviceTime.isAfter(previous.serviceTriggerTime())) {
            minChanged = min(minChanged, serviceTime);
        }
        states.put(key, new State(podTimes, serviceTime));
        if (previous == null) {
            return Optional.of(serviceTime);
        }
        return Optional.ofNullable(minChanged);
    }

    void forget(String namespace, String name) {
        states.remove(namespace + "/" + name);
    }

    private static Instant min(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
