package dev.ordinal.registry.admissionregistration;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Formats;
import dev.ordinal.machinery.MetaValidation;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.go.GoBase64;
import dev.ordinal.registry.cel.AdmissionPolicyEnvironment;
import dev.ordinal.registry.core.GoLiteral;
import dev.ordinal.registry.rest.Strategy;

import static dev.ordinal.machinery.JsonFields.defaultText;
import static dev.ordinal.machinery.JsonFields.isNull;
import static dev.ordinal.machinery.JsonFields.objects;
import static dev.ordinal.machinery.JsonFields.strings;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * Validating and mutating webhook configurations (upstream
 * {@code pkg/registry/admissionregistration/*webhookconfiguration} and
 * {@code pkg/apis/admissionregistration/v1/defaults.go}): the v1 defaults of each webhook, a
 * generation that counts changes of the webhooks, and {@code ValidateValidatingWebhookConfiguration}
 * / {@code ValidateMutatingWebhookConfiguration}, matchConditions included. v1 defaults neither sideEffects nor
 * admissionReviewVersions: both are required.
 */
final class WebhookConfigurationStrategy implements Strategy {

    private static final List<String> FAILURE_POLICIES = List.of("Fail", "Ignore");
    private static final List<String> MATCH_POLICIES = List.of("Equivalent", "Exact");
    private static final List<String> REINVOCATION_POLICIES = List.of("IfNeeded", "Never");
    /** The side effect classes v1 accepts; upstream's noSideEffectClasses. */
    private static final List<String> SIDE_EFFECTS = List.of("None", "NoneOnDryRun");
    private static final List<String> REVIEW_VERSIONS = List.of("v1", "v1beta1");
    private static final int MAX_TIMEOUT_SECONDS = 30;

    private final boolean mutating;

    WebhookConfigurationStrategy(boolean mutating) {
        this.mutating = mutating;
    }

    @Override
    public boolean tracksGeneration() {
        return true;
    }

    /**
     * Upstream checks no caBundle on save, but decodes it as the {@code []byte} it is: a value that
     * is not base64 fails the request's decoding (400); one that is base64 but no PEM is stored, and
     * calls to its webhook fail.
     */
    @Override
    public void applyDefaults(Unstructured configuration) {
        for (ObjectNode webhook : objects(configuration.json(), "webhooks")) {
            JsonNode caBundle = webhook.path("clientConfig").path("caBundle");
            if (caBundle.isString()) {
                GoBase64.illegalAt(caBundle.asString()).ifPresent(index -> {
                    throw StatusError.badRequest(configuration.kind() + " in version \"v1\" cannot be handled as a "
                            + configuration.kind() + ": illegal base64 data at input byte " + index);
                });
            }
            defaultText(webhook, "failurePolicy", "Fail");
            defaultText(webhook, "matchPolicy", "Equivalent");
            for (String selector : List.of("namespaceSelector", "objectSelector")) {
                if (isNull(webhook, selector)) {
                    webhook.putObject(selector);
                }
            }
            if (isNull(webhook, "timeoutSeconds")) {
                webhook.put("timeoutSeconds", 10);
            }
            if (mutating) {
                defaultText(webhook, "reinvocationPolicy", "Never");
            }
            for (ObjectNode rule : objects(webhook, "rules")) {
                defaultText(rule, "scope", "*");
            }
            if (webhook.path("clientConfig").path("service") instanceof ObjectNode service
                    && isNull(service, "port")) {
                service.put("port", 443);
            }
        }
    }

    /** As upstream's strategies: the generation moves when the webhooks change. */
    @Override
    public void prepareForUpdate(Unstructured configuration, Unstructured old) {
        if (!configuration.json().path("webhooks").equals(old.json().path("webhooks"))) {
            configuration.setGeneration(old.generation() + 1);
        }
    }

    @Override
    public List<FieldError> validate(Unstructured configuration) {
        return validate(configuration, true);
    }

    /**
     * As upstream's {@code ignore*WebhookMatchConditions}: when no webhook's matchConditions changed,
     * they are not checked again.
     */
    @Override
    public List<FieldError> validateUpdate(Unstructured configuration, Unstructured old) {
        List<JsonNode> conditions = new ArrayList<>();
        configuration.json().path("webhooks").forEach(webhook -> conditions.add(webhook.path("matchConditions")));
        List<JsonNode> oldConditions = new ArrayList<>();
        old.json().path("webhooks").forEach(webhook -> oldConditions.add(webhook.path("matchConditions")));
        return validate(configuration, !conditions.equals(oldConditions));
    }

    private List<FieldError> validate(Unstructured configuration, boolean checkMatchConditions) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<ObjectNode> webhooks = objects(configuration.json(), "webhooks");
        for (int i = 0; i < webhooks.size(); i++) {
            ObjectNode webhook = webhooks.get(i);
            String path = "webhooks[" + i + "]";
            errors.addAll(validateWebhook(webhook, path));
            if (checkMatchConditions) {
                errors.addAll(MatchConditionValidation.validate(webhook.path("matchConditions"), path + ".matchConditions",
                        AdmissionPolicyEnvironment.webhookMatchConditions()));
            }
            errors.addAll(validateReviewVersions(strings(webhook, "admissionReviewVersions"),
                    path + ".admissionReviewVersions"));
            String name = text(webhook, "name");
            if (!name.isEmpty() && !names.add(name)) {
                errors.add(FieldError.duplicate(path + ".name", name));
            }
        }
        return errors;
    }

    private List<FieldError> validateWebhook(ObjectNode webhook, String path) {
        List<FieldError> errors = new ArrayList<>(fullyQualifiedName(text(webhook, "name"), path + ".name"));
        List<ObjectNode> rules = objects(webhook, "rules");
        for (int i = 0; i < rules.size(); i++) {
            errors.addAll(WebhookRuleValidation.validate(rules.get(i), path + ".rules[" + i + "]"));
        }
        supported(webhook, "failurePolicy", FAILURE_POLICIES, path, errors);
        supported(webhook, "matchPolicy", MATCH_POLICIES, path, errors);
        if (isNull(webhook, "sideEffects")) {
            errors.add(FieldError.required(path + ".sideEffects",
                    "must specify one of " + String.join(", ", SIDE_EFFECTS)));
        } else {
            supported(webhook, "sideEffects", SIDE_EFFECTS, path, errors);
        }
        JsonNode timeout = webhook.path("timeoutSeconds");
        if (timeout.isNumber() && (timeout.asLong() < 1 || timeout.asLong() > MAX_TIMEOUT_SECONDS)) {
            errors.add(FieldError.invalid(path + ".timeoutSeconds", timeout.asLong(),
                    "the timeout value must be between 1 and 30 seconds"));
        }
        for (String selector : List.of("namespaceSelector", "objectSelector")) {
            if (!isNull(webhook, selector)) {
                errors.addAll(MetaValidation.validateLabelSelector(JsonMapper.shared().treeToValue(
                        webhook.get(selector), io.fabric8.kubernetes.api.model.LabelSelector.class),
                        path + "." + selector));
            }
        }
        errors.addAll(WebhookClientConfigValidation.validate(webhook.path("clientConfig"), path + ".clientConfig"));
        if (mutating) {
            supported(webhook, "reinvocationPolicy", REINVOCATION_POLICIES, path, errors);
        }
        return errors;
    }

    private static void supported(JsonNode webhook, String field, List<String> values, String path,
                                  List<FieldError> errors) {
        if (!isNull(webhook, field) && !values.contains(webhook.path(field).asString(""))) {
            errors.add(FieldError.notSupported(path + "." + field, webhook.path(field).asString(""), values));
        }
    }

    /** Upstream {@code utilvalidation.IsFullyQualifiedName}: a subdomain of at least three labels. */
    private static List<FieldError> fullyQualifiedName(String name, String path) {
        if (name.isEmpty()) {
            return List.of(FieldError.required(path, ""));
        }
        String domain = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        List<String> problems = Formats.dns1123Subdomain(domain);
        if (!problems.isEmpty()) {
            return List.of(FieldError.invalid(path, domain, String.join(",", problems)));
        }
        if (domain.split("\\.", -1).length < 3) {
            return List.of(FieldError.invalid(path, domain,
                    "should be a domain with at least three segments separated by dots"));
        }
        return List.of();
    }

    /** Upstream {@code validateAdmissionReviewVersions}. */
    private static List<FieldError> validateReviewVersions(List<String> versions, String path) {
        if (versions.isEmpty()) {
            return List.of(FieldError.required(path, "must specify one of " + String.join(", ", REVIEW_VERSIONS)));
        }
        List<FieldError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean accepted = false;
        for (int i = 0; i < versions.size(); i++) {
            String version = versions.get(i);
            String itemPath = path + "[" + i + "]";
            if (!seen.add(version)) {
                errors.add(FieldError.invalid(itemPath, version, "duplicate version"));
                continue;
            }
            Formats.dns1035Label(version).forEach(problem -> errors.add(FieldError.invalid(itemPath, version, problem)));
            accepted |= REVIEW_VERSIONS.contains(version);
        }
        if (!accepted) {
            errors.add(FieldError.invalid(path, GoLiteral.strings(versions),
                    "must include at least one of " + String.join(", ", REVIEW_VERSIONS)));
        }
        return errors;
    }
}
