package dev.ordinal.registry.admission.webhook;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.labels.LabelSelector;
import dev.ordinal.registry.admission.MatchConditions;
import dev.ordinal.registry.cel.AdmissionPolicyEnvironment;

import static dev.ordinal.machinery.JsonFields.strings;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * One webhook of a stored configuration, read once for every request it is matched against
 * (upstream's {@code webhook.WebhookAccessor}): its selectors parsed, its matchConditions compiled,
 * its defaults already applied by the configuration's strategy. {@code id} tells it apart across configurations, as upstream's
 * accessor UID ({@code <configuration>/<webhook>/<index>}).
 */
record Webhook(String id, String name, List<RuleWithOperations> rules, LabelSelector namespaceSelector,
               LabelSelector objectSelector, MatchConditions matchConditions, boolean failOpen, int timeoutSeconds, String sideEffects,
               List<String> admissionReviewVersions, WebhookClientConfig clientConfig, boolean reinvokeIfNeeded,
               boolean matchEquivalent) {

    static Webhook of(String configuration, int index, JsonNode webhook) {
        JsonMapper mapper = JsonMapper.shared();
        List<RuleWithOperations> rules = new ArrayList<>();
        for (JsonNode rule : webhook.path("rules")) {
            rules.add(mapper.treeToValue(rule, RuleWithOperations.class));
        }
        return new Webhook(configuration + "/" + text(webhook, "name") + "/" + index, text(webhook, "name"),
                List.copyOf(rules), selector(webhook.path("namespaceSelector")), selector(webhook.path("objectSelector")),
                MatchConditions.compile(webhook.path("matchConditions"), AdmissionPolicyEnvironment.webhookMatchConditions()),
                text(webhook, "failurePolicy").equals("Ignore"), webhook.path("timeoutSeconds").asInt(10),
                text(webhook, "sideEffects"), strings(webhook, "admissionReviewVersions"),
                mapper.treeToValue(webhook.path("clientConfig"), WebhookClientConfig.class),
                text(webhook, "reinvocationPolicy").equals("IfNeeded"), !text(webhook, "matchPolicy").equals("Exact"));
    }

    /** A missing selector (never stored: the strategy defaults it to {}) selects everything. */
    private static LabelSelector selector(JsonNode selector) {
        if (!selector.isObject()) {
            return LabelSelector.everything();
        }
        return LabelSelector.fromLabelSelector(JsonMapper.shared().treeToValue(selector,
                io.fabric8.kubernetes.api.model.LabelSelector.class));
    }

    /** Whether a dry run may call it: upstream's check of the side effect class. */
    boolean supportsDryRun() {
        return sideEffects.equals("None") || sideEffects.equals("NoneOnDryRun");
    }
}
