package dev.ordinal.registry.authorization;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.core.GoLiteral;
import dev.ordinal.registry.rest.Creater;
import dev.ordinal.security.UserInfo;

/**
 * SubjectAccessReview, SelfSubjectAccessReview and LocalSubjectAccessReview (upstream
 * {@code pkg/registry/authorization/*subjectaccessreview} and
 * {@code pkg/apis/authorization/validation}): each asks the server's authorizer whether a user may
 * do something and answers in {@code status} (allowed, and the authorizer's reason); nothing is
 * stored. The subject is the spec's user for the two subject reviews and the requester for the
 * self review; a local review asks about its own namespace only.
 */
final class AccessReviews {

    static final String GROUP = "authorization.k8s.io";

    private AccessReviews() {
    }

    static Creater subjectAccessReviews(Supplier<Authorizer> authorizer) {
        return (namespace, review, requester) -> {
            JsonNode spec = review.json().path("spec");
            List<FieldError> errors = specErrors(spec);
            if (spec.path("user").asString("").isEmpty() && spec.path("groups").isEmpty()) {
                errors.add(FieldError.invalid("spec.user", spec.path("user").asString(""),
                        "at least one of user or group must be specified"));
            }
            errors.addAll(metadataErrors(review, false));
            refuse("SubjectAccessReview", errors);
            return answered(review, authorizer.get().authorize(attributes(spec, subject(spec))));
        };
    }

    static Creater selfSubjectAccessReviews(Supplier<Authorizer> authorizer) {
        return (namespace, review, requester) -> {
            JsonNode spec = review.json().path("spec");
            List<FieldError> errors = specErrors(spec);
            errors.addAll(metadataErrors(review, false));
            refuse("SelfSubjectAccessReview", errors);
            return answered(review, authorizer.get().authorize(attributes(spec, requester)));
        };
    }

    static Creater localSubjectAccessReviews(Supplier<Authorizer> authorizer) {
        return (namespace, review, requester) -> {
            if (namespace.isEmpty()) {
                throw StatusError.badRequest("namespace is required on this type: ");
            }
            JsonNode spec = review.json().path("spec");
            List<FieldError> errors = specErrors(spec);
            if (spec.path("user").asString("").isEmpty() && spec.path("groups").isEmpty()) {
                errors.add(FieldError.invalid("spec.user", spec.path("user").asString(""),
                        "at least one of user or group must be specified"));
            }
            errors.addAll(metadataErrors(review, true));
            if (present(spec.path("nonResourceAttributes"))) {
                errors.add(FieldError.invalid("spec.nonResourceAttributes", nonResourceLiteral(spec),
                        "disallowed on this kind of request"));
            }
            refuse("LocalSubjectAccessReview", errors);
            if (!namespace.equals(spec.path("resourceAttributes").path("namespace").asString(""))) {
                throw StatusError.badRequest("spec.resourceAttributes.namespace must match namespace: " + namespace);
            }
            return answered(review, authorizer.get().authorize(attributes(spec, subject(spec))));
        };
    }

    /** {@code ValidateSubjectAccessReviewSpec}'s rule: exactly one of the two kinds of attributes. */
    private static List<FieldError> specErrors(JsonNode spec) {
        List<FieldError> errors = new ArrayList<>();
        boolean resource = present(spec.path("resourceAttributes"));
        boolean nonResource = present(spec.path("nonResourceAttributes"));
        if (resource && nonResource) {
            errors.add(FieldError.invalid("spec.nonResourceAttributes", nonResourceLiteral(spec),
                    "cannot be specified in combination with resourceAttributes"));
        }
        if (!resource && !nonResource) {
            errors.add(FieldError.invalid("spec.resourceAttributes", null,
                    "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
        }
        return errors;
    }

    /** The subject reviews' metadata must be empty; a local review's may name its namespace. */
    private static List<FieldError> metadataErrors(Unstructured review, boolean local) {
        ObjectNode metadata = review.metadata().deepCopy();
        metadata.remove("managedFields");
        if (local) {
            metadata.remove("namespace");
        }
        boolean empty = metadata.propertyStream().allMatch(field -> !present(field.getValue()));
        return empty ? List.of() : List.of(FieldError.invalid("metadata", FieldError.OMIT,
                local ? "must be empty except for namespace" : "must be empty"));
    }

    private static boolean present(JsonNode node) {
        return !node.isMissingNode() && !node.isNull() && !(node.isContainer() && node.isEmpty())
                && !(node.isString() && node.asString().isEmpty());
    }

    /** Go's {@code %#v} of the attributes, as upstream's field error prints them. */
    private static Object nonResourceLiteral(JsonNode spec) {
        JsonNode attributes = spec.path("nonResourceAttributes");
        return new GoLiteral("authorization.NonResourceAttributes{Path:\""
                + attributes.path("path").asString("") + "\", Verb:\"" + attributes.path("verb").asString("") + "\"}");
    }

    private static void refuse(String kind, List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw StatusError.invalid(GROUP, kind, "", errors);
        }
    }

    /** The user a subject review asks about: its spec's user, uid, groups and extra. */
    private static UserInfo subject(JsonNode spec) {
        Map<String, List<String>> extra = new HashMap<>();
        spec.path("extra").propertyStream().forEach(entry -> extra.put(entry.getKey(), strings(entry.getValue())));
        return new UserInfo(spec.path("user").asString(""), spec.path("uid").asString(""),
                strings(spec.path("groups")), extra);
    }

    /** Upstream's {@code ResourceAttributesFrom} and {@code NonResourceAttributesFrom}. */
    private static Attributes attributes(JsonNode spec, UserInfo user) {
        JsonNode resource = spec.path("resourceAttributes");
        if (present(resource)) {
            return Attributes.resource(user, text(resource, "verb"), text(resource, "namespace"),
                    text(resource, "group"), text(resource, "version"), text(resource, "resource"),
                    text(resource, "subresource"), text(resource, "name"));
        }
        JsonNode nonResource = spec.path("nonResourceAttributes");
        return Attributes.nonResource(user, text(nonResource, "verb"), text(nonResource, "path"));
    }

    private static Unstructured answered(Unstructured review, Decision decision) {
        ObjectNode status = review.json().putObject("status");
        status.put("allowed", decision.allowed());
        if (!decision.reason().isEmpty()) {
            status.put("reason", decision.reason());
        }
        return review;
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).asString("");
    }

    static List<String> strings(JsonNode values) {
        List<String> strings = new ArrayList<>();
        values.forEach(value -> strings.add(value.asString("")));
        return strings;
    }
}
