package dev.ordinal.registry.cluster;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.Strategy;

/**
 * Leases (upstream {@code pkg/registry/coordination/lease}): {@code ValidateLeaseSpec}, a positive
 * duration and a non-negative count of transitions.
 */
final class LeaseStrategy implements Strategy {

    @Override
    public List<FieldError> validate(Unstructured lease) {
        JsonNode spec = lease.json().path("spec");
        List<FieldError> errors = new ArrayList<>();
        JsonNode duration = spec.path("leaseDurationSeconds");
        if (duration.isNumber() && duration.asLong() <= 0) {
            errors.add(FieldError.invalid("spec.leaseDurationSeconds", duration.asLong(), "must be greater than 0"));
        }
        JsonNode transitions = spec.path("leaseTransitions");
        if (transitions.isNumber() && transitions.asLong() < 0) {
            errors.add(FieldError.invalid("spec.leaseTransitions", transitions.asLong(),
                    "must be greater than or equal to 0"));
        }
        return errors;
    }
}
