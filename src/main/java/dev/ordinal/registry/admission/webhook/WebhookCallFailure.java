package dev.ordinal.registry.admission.webhook;

/**
 * A webhook that could not be called or answered wrongly, upstream's {@code ErrCallingWebhook}:
 * what {@code failurePolicy} decides about. The message is the reason after
 * {@code failed calling webhook "<name>": }.
 */
final class WebhookCallFailure extends RuntimeException {

    WebhookCallFailure(String reason) {
        super(reason, null, false, false);
    }
}
