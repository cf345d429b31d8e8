package dev.ordinal.registry.admissionregistration;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Formats;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.Strategy;

import static dev.ordinal.machinery.JsonFields.text;

/**
 * ValidatingAdmissionPolicyBindings (upstream {@code pkg/apis/admissionregistration/validation}):
 * a policy name, a non-empty set of validation actions of which Deny and Warn exclude each other,
 * and a paramRef naming its params by name or selector and saying what a missing one means.
 */
final class ValidatingAdmissionPolicyBindingStrategy implements Strategy {

    private static final List<String> ACTIONS = List.of("Audit", "Deny", "Warn");
    private static final List<String> NOT_FOUND_ACTIONS = List.of("Allow", "Deny");

    @Override
    public void applyDefaults(Unstructured binding) {
        if (binding.json().path("spec").get("matchResources") instanceof ObjectNode match) {
            MatchResources.applyDefaults(match);
        }
    }

    @Override
    public boolean tracksGeneration() {
        return true;
    }

    @Override
    public List<FieldError> validate(Unstructured binding) {
        JsonNode spec = binding.json().path("spec");
        List<FieldError> errors = new ArrayList<>();
        String policyName = text(spec, "policyName");
        if (policyName.isEmpty()) {
            errors.add(FieldError.required("spec.policyName", ""));
        } else {
            Formats.dns1123Subdomain(policyName).forEach(problem ->
                    errors.add(FieldError.invalid("spec.policyName", policyName, problem)));
        }
        JsonNode paramRef = spec.path("paramRef");
        if (paramRef.isObject()) {
            boolean named = !text(paramRef, "name").isEmpty();
            if (named && paramRef.has("selector")) {
                errors.add(FieldError.forbidden("spec.paramRef.name", "name and selector are mutually exclusive"));
            } else if (!named && !paramRef.has("selector")) {
                errors.add(FieldError.required("spec.paramRef", "one of name or selector must be specified"));
            }
            String notFound = text(paramRef, "parameterNotFoundAction");
            if (notFound.isEmpty()) {
                errors.add(FieldError.required("spec.paramRef.parameterNotFoundAction", ""));
            } else if (!NOT_FOUND_ACTIONS.contains(notFound)) {
                errors.add(FieldError.notSupported("spec.paramRef.parameterNotFoundAction", notFound, NOT_FOUND_ACTIONS));
            }
        }
        if (spec.path("matchResources").isObject()) {
            // Upstream reports these under "matchResouces", misspelt in its validation.
            errors.addAll(MatchResources.validate(spec.path("matchResources"), "spec.matchResouces", false));
        }
        JsonNode actions = spec.path("validationActions");
        if (actions.isEmpty()) {
            errors.add(FieldError.required("spec.validationActions", "at least one validation action is required"));
        }
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            String action = actions.get(i).asString("");
            if (!ACTIONS.contains(action)) {
                errors.add(FieldError.notSupported("spec.validationActions[" + i + "]", action, ACTIONS));
            } else if (seen.contains(action)) {
                errors.add(FieldError.duplicate("spec.validationActions[" + i + "]", action));
            }
            seen.add(action);
        }
        if (seen.contains("Deny") && seen.contains("Warn")) {
            errors.add(FieldError.invalid("spec.validationActions", new GoActions(seen),
                    "must not contain both Deny and Warn (repeating the same validation failure information in the "
                            + "API response and headers serves no purpose)"));
        }
        return errors;
    }

    /** The actions as Go's {@code %#v} prints upstream's slice of them. */
    private record GoActions(List<String> actions) {
        @Override
        public String toString() {
            return "[]admissionregistration.ValidationAction{" + String.join(", ",
                    actions.stream().map(action -> "\"" + action + "\"").toList()) + "}";
        }
    }
}
