package dev.ordinal.registry.cluster;

import java.util.List;

import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.GarbageCollectionPolicy;
import dev.ordinal.registry.rest.Strategy;
import dev.ordinal.registry.core.EventValidation;

import static dev.ordinal.machinery.JsonFields.object;

/**
 * events.k8s.io/v1 Events: upstream stores them as core events and validates writes through this
 * API strictly (a DNS subdomain name, eventTime, type, reportingController, reportingInstance,
 * action and reason required, the deprecated fields unset, nothing but the series changing).
 */
final class EventsV1EventStrategy implements Strategy {

    /** Go writes these events.k8s.io/v1 fields even when unset: structs as {@code {}}, times as {@code null}. */
    @Override
    public void applyDefaults(Unstructured event) {
        ObjectNode json = event.json();
        object(json, "regarding");
        object(json, "deprecatedSource");
        for (String time : List.of("eventTime", "deprecatedFirstTimestamp", "deprecatedLastTimestamp")) {
            if (!json.has(time)) {
                json.putNull(time);
            }
        }
    }

    @Override
    public List<FieldError> validate(Unstructured event) {
        return EventValidation.validateCreate(EventValidation.asCoreV1(event.json()), event.namespace(), true);
    }

    @Override
    public List<FieldError> validateUpdate(Unstructured event, Unstructured old) {
        return EventValidation.validateUpdate(EventValidation.asCoreV1(event.json()),
                EventValidation.asCoreV1(old.json()), event.namespace(), true);
    }

    /** Upstream's event strategy takes no part in garbage collection: deletes add no finalizers. */
    @Override
    public GarbageCollectionPolicy defaultGarbageCollectionPolicy() {
        return GarbageCollectionPolicy.UNSUPPORTED;
    }
}
