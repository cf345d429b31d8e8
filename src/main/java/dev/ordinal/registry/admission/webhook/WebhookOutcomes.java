package dev.ordinal.registry.admission.webhook;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Warnings;
import dev.ordinal.registry.admission.AdmissionAttributes;
import dev.ordinal.registry.admission.AuditAnnotations;

/**
 * What a webhook's answer means for the request, as upstream's dispatchers and
 * {@code webhookerrors} decide it: a refusal becomes the webhook's status (at least 400, its
 * message prefixed with {@code admission webhook "<name>" denied the request}); a failed call is
 * a 500 under {@code failurePolicy: Fail} and nothing under Ignore; warnings go to the request,
 * audit annotations to {@link AuditAnnotations} as {@code <webhook>/<key>}.
 */
final class WebhookOutcomes {

    private WebhookOutcomes() {
    }

    /**
     * The webhook's checked answer, or null when the call failed and the webhook fails open; a
     * refusal or a failure under Fail is thrown.
     */
    static AdmissionResponse await(Webhook webhook, AdmissionAttributes attributes,
                                   CompletableFuture<AdmissionResponse> call) {
        AdmissionResponse response;
        try {
            response = call.join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof WebhookCallFailure failure)) {
                throw e;
            }
            if (webhook.failOpen()) {
                return null;
            }
            throw StatusError.internal("failed calling webhook \"" + webhook.name() + "\": " + failure.getMessage());
        }
        List<String> warnings = response.getWarnings();
        if (warnings != null) {
            warnings.forEach(Warnings::add);
        }
        Map<String, String> annotations = response.getAuditAnnotations();
        if (annotations != null) {
            annotations.forEach((key, value) -> AuditAnnotations.record(attributes, webhook.name() + "/" + key, value));
        }
        if (!Boolean.TRUE.equals(response.getAllowed())) {
            throw denied(webhook.name(), response.getStatus());
        }
        return response;
    }

    /** Upstream's {@code ToStatusErr}. */
    static StatusError denied(String webhook, Status status) {
        String deniedBy = "admission webhook \"" + webhook + "\" denied the request";
        if (status == null) {
            return new StatusError(400, "", deniedBy + " without explanation", null);
        }
        int code = status.getCode() == null || status.getCode() < 400 ? 400 : status.getCode();
        String reason = status.getReason() == null ? "" : status.getReason();
        String message;
        if (status.getMessage() != null && !status.getMessage().isEmpty()) {
            message = deniedBy + ": " + status.getMessage();
        } else if (!reason.isEmpty()) {
            message = deniedBy + ": " + reason;
        } else {
            message = deniedBy + " without explanation";
        }
        ObjectNode details = status.getDetails() == null ? null
                : (ObjectNode) JsonMapper.shared().valueToTree(status.getDetails());
        return new StatusError(code, reason, message, details);
    }

    /** A dry run may call only webhooks without side effects, as upstream's dispatchers check first. */
    static void checkDryRun(Webhook webhook, boolean dryRun) {
        if (dryRun && !webhook.supportsDryRun()) {
            throw StatusError.badRequest("admission webhook \"" + webhook.name() + "\" does not support dry run");
        }
    }
}
