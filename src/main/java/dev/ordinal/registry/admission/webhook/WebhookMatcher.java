package dev.ordinal.registry.admission.webhook;

import java.util.Map;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.labels.LabelSelector;
import dev.ordinal.registry.admission.AdmissionAttributes;
import dev.ordinal.registry.admission.MatchConditions;
import dev.ordinal.registry.admission.Operation;
import dev.ordinal.storage.ObjectStore;

/**
 * Which webhooks a request calls, upstream's {@code ShouldCallHook}: the namespace selector (against
 * the labels of the request's namespace; of the namespace in the request when it creates or updates
 * one; never excluding other cluster-scoped requests), then the object selector (the new or the old
 * object's labels), then the rules, then the matchConditions (CEL). A namespace that does not
 * exist fails the request with NotFound, as upstream's namespace lookup does; matchConditions that
 * fail to evaluate under failurePolicy Fail fail it with Forbidden, as upstream's
 * {@code ShouldCallHook} reports them.
 */
final class WebhookMatcher {

    private static final GroupResource NAMESPACES = new GroupResource("", "namespaces");

    private final ObjectStore store;

    WebhookMatcher(ObjectStore store) {
        this.store = store;
    }

    boolean shouldCall(Webhook webhook, AdmissionAttributes attributes) {
        return matchesNamespace(webhook, attributes) && matchesObject(webhook.objectSelector(), attributes)
                && WebhookRules.matches(webhook.rules(), attributes) && matchesConditions(webhook, attributes);
    }

    private static boolean matchesConditions(Webhook webhook, AdmissionAttributes attributes) {
        MatchConditions.Result result = webhook.matchConditions().match(attributes, !webhook.failOpen());
        if (result.failed()) {
            throw StatusError.forbidden(attributes.resource(), attributes.name() == null ? "" : attributes.name(),
                    result.error());
        }
        return result.matches();
    }

    private boolean matchesNamespace(Webhook webhook, AdmissionAttributes attributes) {
        boolean namespaceItself = WebhookRules.isNamespaceRequest(attributes);
        if (attributes.namespace().isEmpty() && !namespaceItself || webhook.namespaceSelector().isEmpty()) {
            return true;
        }
        return webhook.namespaceSelector().matches(namespaceLabels(attributes, namespaceItself));
    }

    private Map<String, String> namespaceLabels(AdmissionAttributes attributes, boolean namespaceItself) {
        if (namespaceItself && attributes.subresource().isEmpty()
                && (attributes.operation() == Operation.CREATE || attributes.operation() == Operation.UPDATE)) {
            return attributes.object().labels();
        }
        String namespace = namespaceItself ? attributes.name() : attributes.namespace();
        return store.get(NAMESPACES, "", namespace).map(Unstructured::labels)
                .orElseThrow(() -> StatusError.notFound(NAMESPACES, namespace));
    }

    private static boolean matchesObject(LabelSelector selector, AdmissionAttributes attributes) {
        return selector.isEmpty() || selects(selector, attributes.object()) || selects(selector, attributes.oldObject());
    }

    private static boolean selects(LabelSelector selector, Unstructured object) {
        return object != null && selector.matches(object.labels());
    }
}
