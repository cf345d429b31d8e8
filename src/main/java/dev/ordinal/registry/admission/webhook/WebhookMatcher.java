package dev.ordinal.registry.admission.webhook;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.labels.LabelSelector;
import dev.ordinal.registry.admission.AdmissionAttributes;
import dev.ordinal.registry.admission.MatchConditions;
import dev.ordinal.registry.admission.Operation;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.storage.ObjectStore;

/**
 * Which webhooks a request calls, upstream's {@code ShouldCallHook}: the namespace selector (against
 * the labels of the request's namespace; of the namespace in the request when it creates or updates
 * one; never excluding other cluster-scoped requests), then the object selector (the new or the old
 * object's labels), then the rules, then the matchConditions (CEL). A namespace that does not
 * exist fails the request with NotFound, as upstream's namespace lookup does; matchConditions that
 * fail to evaluate under failurePolicy Fail fail it with Forbidden, as upstream's
 * {@code ShouldCallHook} reports them.
 *
 * <p>When no rule covers the request and the webhook's matchPolicy is Equivalent (the default), the
 * rules are tried again with each other served version of the resource, as upstream's equivalent
 * resources; the first that matches is the version the webhook is called with, the request
 * converted to it.
 */
final class WebhookMatcher {

    private static final GroupResource NAMESPACES = new GroupResource("", "namespaces");

    private final ObjectStore store;
    private final Function<GroupResource, List<ResourceDefinition>> versions;

    WebhookMatcher(ObjectStore store, Function<GroupResource, List<ResourceDefinition>> versions) {
        this.store = store;
        this.versions = versions;
    }

    /** The request as the webhook is to be called with it, if the webhook is to be called. */
    Optional<AdmissionAttributes> match(Webhook webhook, AdmissionAttributes attributes) {
        if (!matchesNamespace(webhook, attributes) || !matchesObject(webhook.objectSelector(), attributes)) {
            return Optional.empty();
        }
        return matchingVersion(webhook, attributes).filter(matched -> matchesConditions(webhook, matched));
    }

    private Optional<AdmissionAttributes> matchingVersion(Webhook webhook, AdmissionAttributes attributes) {
        if (WebhookRules.matches(webhook.rules(), attributes)) {
            return Optional.of(attributes);
        }
        if (!webhook.matchEquivalent()) {
            return Optional.empty();
        }
        return versions.apply(attributes.resource()).stream()
                .filter(version -> !version.equals(attributes.definition()))
                .map(attributes::inVersion)
                .filter(equivalent -> WebhookRules.matches(webhook.rules(), equivalent))
                .findFirst();
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
