package dev.ordinal.registry.admission.webhook;

import java.util.List;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.CreateOptions;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.GroupVersionResource;
import io.fabric8.kubernetes.api.model.UpdateOptions;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.registry.admission.AdmissionAttributes;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.security.UserInfo;

/**
 * The admission.k8s.io/v1 AdmissionReview a webhook gets (upstream's
 * {@code request.CreateV1AdmissionReview}) and the checks of the one it answers
 * ({@code VerifyAdmissionResponse}). Every resource is served in one version here, so the kind and
 * resource a webhook matched are the ones the client addressed.
 */
final class AdmissionReviews {

    private static final String API_VERSION = "admission.k8s.io/v1";

    private AdmissionReviews() {
    }

    static AdmissionReview request(AdmissionAttributes attributes, String uid) {
        ResourceDefinition definition = attributes.definition();
        GroupVersionKind kind = new GroupVersionKind(definition.group(), definition.kind(), definition.version());
        GroupVersionResource resource = new GroupVersionResource(definition.group(), definition.plural(),
                definition.version());
        String subresource = attributes.subresource().isEmpty() ? null : attributes.subresource();
        AdmissionRequest request = new AdmissionRequest();
        request.setUid(uid);
        request.setKind(kind);
        request.setResource(resource);
        request.setSubResource(subresource);
        request.setRequestKind(kind);
        request.setRequestResource(resource);
        request.setRequestSubResource(subresource);
        request.setName(attributes.name().isEmpty() ? null : attributes.name());
        // A namespace's own requests name it, as upstream's request info does.
        String namespace = WebhookRules.isNamespaceRequest(attributes) ? attributes.name() : attributes.namespace();
        request.setNamespace(namespace.isEmpty() ? null : namespace);
        request.setOperation(attributes.operation().name());
        request.setUserInfo(userInfo(attributes.user()));
        request.setObject(attributes.object() == null ? null : attributes.object().json());
        request.setOldObject(attributes.oldObject() == null ? null : attributes.oldObject().json());
        request.setDryRun(attributes.dryRun());
        request.setOptions(options(attributes));
        AdmissionReview review = new AdmissionReview();
        review.setApiVersion(API_VERSION);
        review.setKind("AdmissionReview");
        review.setRequest(request);
        return review;
    }

    /** authentication.k8s.io/v1 UserInfo of the request's user, its empty fields left out as upstream's. */
    private static io.fabric8.kubernetes.api.model.authentication.UserInfo userInfo(UserInfo user) {
        io.fabric8.kubernetes.api.model.authentication.UserInfo info =
                new io.fabric8.kubernetes.api.model.authentication.UserInfo();
        info.setUsername(user.name());
        info.setUid(user.uid().isEmpty() ? null : user.uid());
        info.setGroups(user.groups().isEmpty() ? null : user.groups());
        info.setExtra(user.extra().isEmpty() ? null : user.extra());
        return info;
    }

    private static Object options(AdmissionAttributes attributes) {
        List<String> dryRun = attributes.dryRun() ? List.of("All") : null;
        return switch (attributes.operation()) {
            case CREATE -> {
                CreateOptions options = new CreateOptions();
                options.setDryRun(dryRun);
                yield options;
            }
            case UPDATE -> {
                UpdateOptions options = new UpdateOptions();
                options.setDryRun(dryRun);
                yield options;
            }
            case DELETE -> {
                DeleteOptions options = new DeleteOptions();
                options.setDryRun(dryRun);
                yield options;
            }
            case CONNECT -> null;
        };
    }

    /**
     * The response of a review, checked as upstream checks it: the right version and kind, a
     * response, the request's uid, and (from a validating webhook) no patch.
     */
    static AdmissionResponse response(byte[] body, String uid, boolean mutating) {
        AdmissionReview review;
        try {
            review = JsonMapper.shared().readValue(body, AdmissionReview.class);
        } catch (JacksonException e) {
            throw new WebhookCallFailure("received invalid webhook response: " + e.getOriginalMessage());
        }
        if (!API_VERSION.equals(review.getApiVersion()) || !"AdmissionReview".equals(review.getKind())) {
            throw new WebhookCallFailure("received invalid webhook response: expected webhook response of "
                    + API_VERSION + ", Kind=AdmissionReview, got " + Objects.requireNonNullElse(review.getApiVersion(), "")
                    + ", Kind=" + Objects.requireNonNullElse(review.getKind(), ""));
        }
        AdmissionResponse response = review.getResponse();
        if (response == null) {
            throw new WebhookCallFailure("received invalid webhook response: webhook response was absent");
        }
        if (!uid.equals(response.getUid())) {
            throw new WebhookCallFailure("received invalid webhook response: expected response.uid=\"" + uid
                    + "\", got \"" + Objects.requireNonNullElse(response.getUid(), "") + "\"");
        }
        boolean hasPatch = response.getPatch() != null && !response.getPatch().isEmpty();
        boolean hasPatchType = response.getPatchType() != null && !response.getPatchType().isEmpty();
        if (!mutating && (hasPatch || hasPatchType)) {
            throw new WebhookCallFailure("received invalid webhook response: validating webhook may not return "
                    + (hasPatch ? "response.patch" : "response.patchType"));
        }
        if (hasPatch && !hasPatchType) {
            throw new WebhookCallFailure("received invalid webhook response: webhook returned response.patch but "
                    + "not response.patchType");
        }
        if (hasPatchType && !hasPatch) {
            throw new WebhookCallFailure("received invalid webhook response: webhook returned response.patchType "
                    + "but not response.patch");
        }
        if (hasPatchType && !response.getPatchType().equals("JSONPatch")) {
            throw new WebhookCallFailure("received invalid webhook response: unsupported patch type \""
                    + response.getPatchType() + "\"");
        }
        return response;
    }
}
