package dev.ordinal.registry.admission.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.registry.admission.AdmissionAttributes;
import dev.ordinal.registry.admission.Operation;
import dev.ordinal.registry.admission.ServedKinds;
import dev.ordinal.registry.admission.ValidatingPlugin;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.storage.ObjectStore;

/**
 * Upstream's ValidatingAdmissionWebhook plugin: every validating webhook that matches the request
 * is called at once, and the request goes on only if none refused it and none that fails closed
 * failed; of several errors the first webhook's, in call order, is returned.
 */
@Component
class ValidatingWebhooks implements ValidatingPlugin {

    private final WebhookConfigurations configurations;
    private final WebhookMatcher matcher;
    private final WebhookClient client;

    ValidatingWebhooks(WebhookConfigurations configurations, ObjectStore store, WebhookClient client,
                       ObjectProvider<ServedKinds> kinds) {
        this.configurations = configurations;
        this.matcher = new WebhookMatcher(store, resource -> kinds.getObject().versions(resource));
        this.client = client;
    }

    @Override
    public String name() {
        return "ValidatingAdmissionWebhook";
    }

    @Override
    public boolean handles(Operation operation) {
        return true;
    }

    @Override
    public boolean handles(ResourceDefinition definition, String subresource) {
        return !WebhookExemptions.isExempt(definition);
    }

    @Override
    public void validate(AdmissionAttributes attributes) {
        List<Webhook> webhooks = new ArrayList<>();
        List<AdmissionAttributes> matched = new ArrayList<>();
        for (Webhook webhook : configurations.validating()) {
            matcher.match(webhook, attributes).ifPresent(versioned -> {
                webhooks.add(webhook);
                matched.add(versioned);
            });
        }
        webhooks.forEach(webhook -> WebhookOutcomes.checkDryRun(webhook, attributes.dryRun()));
        List<CompletableFuture<AdmissionResponse>> calls = new ArrayList<>();
        for (int i = 0; i < webhooks.size(); i++) {
            calls.add(client.call(webhooks.get(i), matched.get(i), false));
        }
        StatusError first = null;
        for (int i = 0; i < webhooks.size(); i++) {
            try {
                WebhookOutcomes.await(webhooks.get(i), attributes, calls.get(i));
            } catch (StatusError e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
