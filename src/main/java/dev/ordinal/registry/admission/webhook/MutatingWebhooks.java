package dev.ordinal.registry.admission.webhook;

import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.admission.AdmissionAttributes;
import dev.ordinal.registry.admission.MutatingPlugin;
import dev.ordinal.registry.admission.Operation;
import dev.ordinal.registry.admission.ServedKinds;
import dev.ordinal.registry.admission.Reinvocation;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.storage.ObjectStore;

/**
 * Upstream's MutatingAdmissionWebhook plugin: the matching mutating webhooks are called one after
 * the other, each given the object as the ones before left it, and each answer's JSON Patch is
 * applied and the kind's defaults applied again, as upstream decodes a patched object. A webhook
 * whose patch changed the object asks for the mutating phase to run once more; in that second round
 * only the {@code reinvocationPolicy: IfNeeded} webhooks invoked before a later change are called
 * again (upstream's {@code webhookReinvokeContext}).
 */
@Component
class MutatingWebhooks implements MutatingPlugin {

    private final WebhookConfigurations configurations;
    private final WebhookMatcher matcher;
    private final WebhookClient client;

    MutatingWebhooks(WebhookConfigurations configurations, ObjectStore store, WebhookClient client,
                     ObjectProvider<ServedKinds> kinds) {
        this.configurations = configurations;
        this.matcher = new WebhookMatcher(store, resource -> kinds.getObject().versions(resource));
        this.client = client;
    }

    @Override
    public String name() {
        return "MutatingAdmissionWebhook";
    }

    @Override
    public boolean handles(Operation operation) {
        return true;
    }

    @Override
    public boolean handles(ResourceDefinition definition, String subresource) {
        return !WebhookExemptions.isExempt(definition);
    }

    /** What this plugin remembers across the two rounds of one request. */
    private static final class Rounds {
        /** IfNeeded webhooks called since the object last changed. */
        private Set<String> invoked = new HashSet<>();
        /** The webhooks the second round calls again. */
        private Set<String> reinvoke = new HashSet<>();
        private JsonNode lastOutput;

        void objectChanged() {
            if (!invoked.isEmpty()) {
                reinvoke = invoked;
                invoked = new HashSet<>();
            }
        }
    }

    @Override
    public void admit(AdmissionAttributes attributes) {
        Reinvocation reinvocation = attributes.reinvocation();
        Rounds rounds = reinvocation.state(name(), Rounds::new);
        Unstructured object = attributes.object();
        if (reinvocation.isReinvoke() && object != null && !object.json().equals(rounds.lastOutput)) {
            // The built-in plugins changed the object in the second round.
            rounds.objectChanged();
        }
        try {
            for (Webhook webhook : configurations.mutating()) {
                if (reinvocation.isReinvoke() && !rounds.reinvoke.contains(webhook.id())) {
                    continue;
                }
                Optional<AdmissionAttributes> matched = matcher.match(webhook, attributes);
                if (matched.isEmpty()) {
                    continue;
                }
                WebhookOutcomes.checkDryRun(webhook, attributes.dryRun());
                AdmissionResponse response = WebhookOutcomes.await(webhook, attributes,
                        client.call(webhook, matched.get(), true));
                if (response == null) {
                    continue;
                }
                if (patch(webhook, attributes, matched.get(), response.getPatch())) {
                    rounds.objectChanged();
                    reinvocation.requestReinvocation();
                }
                if (webhook.reinvokeIfNeeded()) {
                    rounds.invoked.add(webhook.id());
                }
            }
        } finally {
            rounds.lastOutput = object == null ? null : object.json().deepCopy();
        }
    }

    /**
     * Applies the answer's patch to the object the webhook was sent ({@code matched}, in the version
     * its rule matched) and takes the result back into the request's object, in the request's
     * version, as upstream converts a patched equivalent object back; whether that changed it.
     */
    private static boolean patch(Webhook webhook, AdmissionAttributes attributes, AdmissionAttributes matched,
                                 String patch) {
        if (patch == null || patch.isEmpty()) {
            return false;
        }
        Unstructured object = attributes.object();
        Unstructured sent = matched.object();
        if (object == null) {
            throw StatusError.internal("admission webhook \"" + webhook.name()
                    + "\" attempted to modify the object, which is not supported for this operation");
        }
        JsonNode patched;
        try {
            JsonNode operations = JsonMapper.shared().readTree(Base64.getDecoder().decode(patch));
            patched = JsonPatch.apply(operations, sent.json());
        } catch (IllegalArgumentException | JacksonException | JsonPatchException e) {
            throw StatusError.internal(e.getMessage());
        }
        if (!(patched instanceof ObjectNode patchedObject)) {
            throw StatusError.internal("admission webhook \"" + webhook.name() + "\" patched the object into "
                    + "something that is not an object");
        }
        if (patchedObject.equals(sent.json())) {
            return false;
        }
        if (sent != object) {
            patchedObject.put("apiVersion", object.apiVersion());
        }
        object.json().removeAll();
        object.json().setAll(patchedObject);
        attributes.definition().strategy().applyDefaults(object);
        return true;
    }
}
