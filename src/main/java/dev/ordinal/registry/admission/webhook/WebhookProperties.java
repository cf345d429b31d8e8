package dev.ordinal.registry.admission.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Admission webhook settings.
 *
 * @param maxResponseBytes the largest AdmissionReview a webhook may answer; a larger one fails the
 *                         call (then {@code failurePolicy} decides), so no webhook can make the
 *                         server hold an unbounded answer. 3 MiB by default, twice upstream's largest
 *                         object.
 */
@ConfigurationProperties("ordinal.admission.webhook")
public record WebhookProperties(Integer maxResponseBytes) {

    public WebhookProperties {
        if (maxResponseBytes == null) {
            maxResponseBytes = 3 * 1024 * 1024;
        }
    }
}
