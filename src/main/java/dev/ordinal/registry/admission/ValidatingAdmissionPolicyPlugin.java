package dev.ordinal.registry.admission;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.LabelSelector;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.cel.common.values.NullValue;
import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.Warnings;
import dev.ordinal.registry.cel.AdmissionPolicyEnvironment;
import dev.ordinal.registry.cel.CelCompileException;
import dev.ordinal.registry.cel.CelEvaluationError;
import dev.ordinal.registry.cel.CompiledExpression;
import dev.ordinal.registry.cel.CostBudget;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.storage.ObjectStore;

import static dev.ordinal.machinery.JsonFields.text;

/**
 * Upstream's ValidatingAdmissionPolicy plugin ({@code admission/plugin/policy/validating}): for
 * every policy whose matchConstraints match the request and every binding of it whose
 * matchResources match too, once per param object, the matchConditions decide whether the
 * validations and auditAnnotations run. A failed validation is applied per the binding's
 * validationActions: Deny denies the request (the first denial wins, once every binding was
 * evaluated), Warn adds a warning, Audit records the
 * {@code validation.policy.admission.k8s.io/validation_failure} audit annotation. A policy's
 * auditAnnotations are recorded as {@code <policy>/<key>}. Runtime errors count as failures only
 * under failurePolicy Fail; so do configuration errors and failing valueExpressions, which deny
 * whatever the binding's actions. Audit annotations go to {@link AuditAnnotations}. Policies and
 * bindings come from {@link AdmissionPolicyCache}; compiled expressions are kept per policy
 * resourceVersion.
 */
@Component
class ValidatingAdmissionPolicyPlugin implements ValidatingPlugin {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The audit annotation upstream records for each failed validation of a binding with action Audit. */
    static final String VALIDATION_FAILURE = "validation.policy.admission.k8s.io/validation_failure";

    private final AdmissionPolicyCache cache;
    private final ObjectStore store;
    /** Looked up when first needed: the registry's definitions are built with the admission chain. */
    private final ObjectProvider<ServedKinds> resources;
    private final Map<String, CompiledPolicy> compiled = new ConcurrentHashMap<>();

    ValidatingAdmissionPolicyPlugin(AdmissionPolicyCache cache, ObjectStore store,
                                    ObjectProvider<ServedKinds> resources) {
        this.cache = cache;
        this.store = store;
        this.resources = resources;
    }

    @Override
    public String name() {
        return "ValidatingAdmissionPolicy";
    }

    @Override
    public boolean handles(Operation operation) {
        return true;
    }

    /** The policy kinds themselves are never subject to policies, as upstream exempts them. */
    @Override
    public boolean handles(ResourceDefinition definition, String subresource) {
        GroupResource resource = definition.groupResource();
        return !resource.equals(AdmissionPolicyCache.POLICIES) && !resource.equals(AdmissionPolicyCache.BINDINGS);
    }

    @Override
    public void validate(AdmissionAttributes attributes) {
        List<StatusError> denials = new ArrayList<>();
        Map<String, Map<String, List<String>>> annotationsByPolicy = new LinkedHashMap<>();
        for (Unstructured binding : cache.bindings()) {
            JsonNode bindingSpec = binding.json().path("spec");
            Unstructured policy = cache.policy(text(bindingSpec, "policyName"));
            if (policy == null) {
                continue;
            }
            JsonNode policySpec = policy.json().path("spec");
            List<ResourceDefinition> versions = resources.getObject().versions(attributes.resource());
            // The policy's constraints decide the version it sees; a binding's only narrow what it applies to.
            Optional<AdmissionAttributes> matched = RequestMatching.match(policySpec.path("matchConstraints"),
                    attributes, this::namespaceLabels, versions);
            if (matched.isEmpty() || bindingSpec.path("matchResources").isObject() && RequestMatching.match(
                    bindingSpec.path("matchResources"), attributes, this::namespaceLabels, versions).isEmpty()) {
                continue;
            }
            evaluate(policy, binding, matched.get(), denials,
                    annotationsByPolicy.computeIfAbsent(policy.name(), name -> new LinkedHashMap<>()));
        }
        // Upstream publishes one policy's annotation values from several bindings or params joined by ", ".
        annotationsByPolicy.forEach((policy, annotations) -> annotations.forEach((key, values) ->
                AuditAnnotations.record(attributes, policy + "/" + key, String.join(", ", values))));
        if (!denials.isEmpty()) {
            throw denials.get(0);
        }
    }

    private void evaluate(Unstructured policy, Unstructured binding, AdmissionAttributes attributes,
                          List<StatusError> denials, Map<String, List<String>> annotations) {
        JsonNode policySpec = policy.json().path("spec");
        boolean failClosed = !"Ignore".equals(text(policySpec, "failurePolicy"));
        List<String> actions = new ArrayList<>();
        binding.json().path("spec").path("validationActions").forEach(action -> actions.add(action.asString("")));
        List<JsonNode> params;
        try {
            params = params(policySpec, binding.json().path("spec"), attributes);
        } catch (ConfigurationError e) {
            // A configuration error denies under Fail whatever the binding's actions, as upstream's addConfigError.
            if (failClosed) {
                denials.add(denial(attributes, policy, binding, e.getMessage(), "Invalid"));
            }
            return;
        }
        CompiledPolicy expressions = compiled.compute(policy.name(), (name, known) ->
                known != null && known.resourceVersion.equals(policy.resourceVersion()) ? known : new CompiledPolicy(policy));
        for (JsonNode param : params) {
            Evaluation evaluation = expressions.evaluate(variables(attributes, param), failClosed);
            for (Violation violation : evaluation.violations()) {
                apply(violation, policy, binding, actions, attributes, denials);
            }
            evaluation.annotations().forEach((key, value) -> {
                List<String> values = annotations.computeIfAbsent(key, k -> new ArrayList<>());
                if (!values.contains(value)) {
                    values.add(value);
                }
            });
            evaluation.annotationErrors().forEach(error ->
                    denials.add(denial(attributes, policy, binding, error, "Invalid")));
        }
    }

    private void apply(Violation violation, Unstructured policy, Unstructured binding, List<String> actions,
                       AdmissionAttributes attributes, List<StatusError> denials) {
        for (String action : actions) {
            switch (action) {
                case "Deny" -> denials.add(denial(attributes, policy, binding, violation.message(), violation.reason()));
                case "Warn" -> Warnings.add("Validation failed for ValidatingAdmissionPolicy '" + policy.name()
                        + "' with binding '" + binding.name() + "': " + violation.message());
                case "Audit" -> AuditAnnotations.record(attributes, VALIDATION_FAILURE, validationFailure(violation,
                        policy, binding, actions));
                default -> {
                }
            }
        }
    }

    /**
     * Upstream's {@code validation_failure} annotation value: a list, of one failure, with the
     * index of the validation that failed.
     */
    private static String validationFailure(Violation violation, Unstructured policy, Unstructured binding,
                                            List<String> actions) {
        ObjectNode failure = JsonNodeFactory.instance.objectNode();
        failure.put("message", violation.message());
        failure.put("policy", policy.name());
        failure.put("binding", binding.name());
        failure.put("expressionIndex", violation.expressionIndex());
        actions.forEach(failure.putArray("validationActions")::add);
        return JSON.writeValueAsString(JsonNodeFactory.instance.arrayNode().add(failure));
    }

    private static StatusError denial(AdmissionAttributes attributes, Unstructured policy, Unstructured binding,
                                      String message, String reason) {
        return denial(attributes, "ValidatingAdmissionPolicy '" + policy.name() + "' with binding '" + binding.name()
                + "' denied request: " + message, reason);
    }

    /** Upstream's denial: a Forbidden-worded message whose code and reason are the validation's reason (422 Invalid by default). */
    private static StatusError denial(AdmissionAttributes attributes, String why, String reason) {
        String name = attributes.name();
        if (name == null || name.isEmpty()) {
            name = attributes.object() == null ? "" : attributes.object().json().path("metadata").path("generateName")
                    .asString("");
        }
        String message = attributes.resource() + " \"" + name + "\" is forbidden: " + why;
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("name", name);
        details.put("group", attributes.resource().group());
        details.put("kind", attributes.resource().resource());
        // The cause carries the denial without the "is forbidden" prefix, so kubectl, which rebuilds a
        // 422's text from its causes, prints "The statefulsets \"web\" is invalid: : ValidatingAdmissionPolicy ...".
        details.putArray("causes").addObject().put("message", why);
        int code = switch (reason) {
            case "Forbidden" -> 403;
            case "RequestEntityTooLarge" -> 413;
            default -> 422;
        };
        return new StatusError(code, reason, message, details);
    }

    /** The param objects the binding gives the policy: none needed is one {@code null}. */
    private List<JsonNode> params(JsonNode policySpec, JsonNode bindingSpec, AdmissionAttributes attributes) {
        JsonNode paramKind = policySpec.path("paramKind");
        JsonNode paramRef = bindingSpec.path("paramRef");
        List<JsonNode> none = new ArrayList<>();
        none.add(null);
        if (!paramKind.isObject() || !paramRef.isObject()) {
            return none;
        }
        ResourceDefinition definition = resources.getObject().byKind(text(paramKind, "apiVersion"), text(paramKind, "kind"))
                .orElseThrow(() -> new ConfigurationError("failed to configure policy: failed to find resource "
                        + "referenced by paramKind: '" + text(paramKind, "apiVersion") + ", Kind="
                        + text(paramKind, "kind") + "'"));
        String namespace = text(paramRef, "namespace");
        if (namespace.isEmpty() && definition.namespaced()) {
            namespace = attributes.namespace() == null ? "" : attributes.namespace();
        }
        List<JsonNode> found = new ArrayList<>();
        String name = text(paramRef, "name");
        if (!name.isEmpty()) {
            store.get(definition.groupResource(), definition.namespaced() ? namespace : "", name)
                    .ifPresent(param -> found.add(param.json()));
        } else {
            dev.ordinal.machinery.labels.LabelSelector selector = selector(paramRef.path("selector"));
            store.list(definition.groupResource(), definition.namespaced() && !namespace.isEmpty() ? namespace : null,
                            null, object -> selector.matches(object.labels()), 0).objects()
                    .forEach(param -> found.add(param.json()));
        }
        if (found.isEmpty()) {
            if ("Deny".equals(text(paramRef, "parameterNotFoundAction"))) {
                throw new ConfigurationError("failed to configure binding: no params found for policy binding with "
                        + "`Deny` parameterNotFoundAction");
            }
            return List.of();
        }
        return found;
    }

    static dev.ordinal.machinery.labels.LabelSelector selector(JsonNode selector) {
        return dev.ordinal.machinery.labels.LabelSelector.fromLabelSelector(
                selector.isObject() ? JSON.treeToValue(selector, LabelSelector.class) : new LabelSelector());
    }

    private Map<String, String> namespaceLabels(String namespace) {
        return store.get(new GroupResource("", "namespaces"), "", namespace).map(Unstructured::labels).orElse(Map.of());
    }

    /** The variables of one evaluation, as upstream's activation. */
    private Map<String, Object> variables(AdmissionAttributes attributes, JsonNode param) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("object", PolicyValues.of(attributes.object() == null ? null : attributes.object().json()));
        variables.put("oldObject", PolicyValues.of(attributes.oldObject() == null ? null : attributes.oldObject().json()));
        variables.put("params", PolicyValues.of(param));
        variables.put("request", PolicyValues.request(attributes));
        variables.put("namespaceObject", PolicyValues.of(namespaceObject(attributes)));
        return variables;
    }

    private JsonNode namespaceObject(AdmissionAttributes attributes) {
        if (!attributes.definition().namespaced() || attributes.namespace() == null || attributes.namespace().isEmpty()) {
            return null;
        }
        return store.get(new GroupResource("", "namespaces"), "", attributes.namespace()).map(Unstructured::json)
                .orElse(null);
    }

    /** One failed validation: its message, the reason of the denial it makes and the validation's index. */
    record Violation(String message, String reason, int expressionIndex) {
    }

    /**
     * What one evaluation of a policy found: its failed validations; the auditAnnotations to publish,
     * by key; the errors of valueExpressions that deny under failurePolicy Fail.
     */
    record Evaluation(List<Violation> violations, Map<String, String> annotations, List<String> annotationErrors) {
    }

    /** A binding or policy that cannot be evaluated as configured. */
    private static final class ConfigurationError extends RuntimeException {
        ConfigurationError(String message) {
            super(message, null, false, false);
        }
    }

    /** A policy's expressions, compiled once per resourceVersion. */
    private static final class CompiledPolicy {

        /** Upstream's {@code maxAuditAnnotationValueLength}. */
        private static final int MAX_AUDIT_ANNOTATION_VALUE_LENGTH = 10 * 1024;

        private final String resourceVersion;
        private final Map<String, Optional<CompiledExpression>> variables = new LinkedHashMap<>();
        private final MatchConditions matchConditions;
        private final List<JsonNode> validations = new ArrayList<>();
        private final List<Optional<CompiledExpression>> expressions = new ArrayList<>();
        private final List<Optional<CompiledExpression>> messages = new ArrayList<>();
        private final Map<String, Optional<CompiledExpression>> auditAnnotations = new LinkedHashMap<>();
        private final Map<String, String> valueExpressions = new LinkedHashMap<>();

        CompiledPolicy(Unstructured policy) {
            this.resourceVersion = policy.resourceVersion();
            JsonNode spec = policy.json().path("spec");
            spec.path("variables").forEach(v -> variables.put(text(v, "name"), compile(text(v, "expression"))));
            matchConditions = MatchConditions.compile(spec.path("matchConditions"), AdmissionPolicyEnvironment.environment());
            spec.path("validations").forEach(v -> {
                validations.add(v);
                expressions.add(compile(text(v, "expression")));
                messages.add(text(v, "messageExpression").isEmpty() ? Optional.empty()
                        : compile(text(v, "messageExpression")));
            });
            spec.path("auditAnnotations").forEach(a -> {
                auditAnnotations.put(text(a, "key"), compile(text(a, "valueExpression")));
                valueExpressions.put(text(a, "key"), text(a, "valueExpression"));
            });
        }

        private static Optional<CompiledExpression> compile(String expression) {
            try {
                return Optional.of(AdmissionPolicyEnvironment.environment().compile(expression));
            } catch (CelCompileException e) {
                return Optional.empty();
            }
        }

        Evaluation evaluate(Map<String, Object> activation, boolean failClosed) {
            CostBudget budget = CostBudget.perRequest();
            Map<String, Object> named = new HashMap<>();
            activation.put("variables", named);
            // Evaluated in order, each seeing the ones before it; a failing variable is left out, so an
            // expression using it fails as upstream's lazy evaluation makes it fail.
            variables.forEach((name, expression) -> {
                try {
                    if (expression.isPresent()) {
                        named.put(name, expression.get().evaluate(activation, budget));
                    }
                } catch (CelEvaluationError e) {
                    // reported by the expressions that use it
                }
            });
            List<Violation> violations = new ArrayList<>();
            MatchConditions.Result match = matchConditions.match(activation, failClosed);
            if (match.failed()) {
                violations.add(new Violation(match.error(), "Invalid", 0));
            }
            if (!match.matches()) {
                return new Evaluation(violations, Map.of(), List.of());
            }
            for (int i = 0; i < validations.size(); i++) {
                JsonNode validation = validations.get(i);
                String reason = text(validation, "reason").isEmpty() ? "Invalid" : text(validation, "reason");
                String expression = text(validation, "expression");
                if (expressions.get(i).isEmpty()) {
                    // Only a policy stored before its expressions were checked can get here.
                    if (failClosed) {
                        violations.add(new Violation("compilation failed for expression '" + expression + "'", reason, i));
                    }
                    continue;
                }
                try {
                    Object result = expressions.get(i).get().evaluate(activation, budget);
                    if (!Boolean.TRUE.equals(result)) {
                        violations.add(new Violation(message(validation, messages.get(i), activation, budget), reason, i));
                    }
                } catch (CelEvaluationError e) {
                    if (failClosed) {
                        violations.add(new Violation("expression '" + expression + "' resulted in error: "
                                + e.getMessage(), "Invalid", i));
                    }
                }
            }
            Map<String, String> annotations = new LinkedHashMap<>();
            List<String> annotationErrors = new ArrayList<>();
            auditAnnotations.forEach((key, expression) ->
                    annotate(key, expression, activation, budget, failClosed, annotations, annotationErrors));
            return new Evaluation(violations, annotations, annotationErrors);
        }

        /**
         * One auditAnnotation, as upstream's validator: a non-blank string is published (trimmed, cut
         * at 10 KiB), null or blank is left out, anything else or an error is an error under Fail.
         */
        private void annotate(String key, Optional<CompiledExpression> expression, Map<String, Object> activation,
                              CostBudget budget, boolean failClosed, Map<String, String> annotations,
                              List<String> errors) {
            String valueExpression = valueExpressions.get(key);
            if (expression.isEmpty()) {
                if (failClosed) {
                    errors.add("compilation failed for expression '" + valueExpression + "'");
                }
                return;
            }
            try {
                Object value = expression.get().evaluate(activation, budget);
                if (value instanceof String text) {
                    String trimmed = text.trim();
                    if (!trimmed.isEmpty()) {
                        annotations.put(key, trimmed.length() > MAX_AUDIT_ANNOTATION_VALUE_LENGTH
                                ? trimmed.substring(0, MAX_AUDIT_ANNOTATION_VALUE_LENGTH) : trimmed);
                    }
                } else if (value != null && !(value instanceof NullValue) && failClosed) {
                    errors.add("valueExpression '" + valueExpression + "' resulted in unsupported return type: "
                            + typeName(value) + ". Return type must be either string or null.");
                }
            } catch (CelEvaluationError e) {
                if (failClosed) {
                    errors.add("expression '" + valueExpression + "' resulted in error: " + e.getMessage());
                }
            }
        }

        /** A value's CEL type as cel-go names it. */
        private static String typeName(Object value) {
            if (value instanceof Long) {
                return "int";
            }
            if (value instanceof Double) {
                return "double";
            }
            if (value instanceof Boolean) {
                return "bool";
            }
            if (value instanceof List<?>) {
                return "list";
            }
            if (value instanceof Map<?, ?>) {
                return "map";
            }
            return value.getClass().getSimpleName();
        }

        /** messageExpression's result (trimmed, one line, non-empty), else message, else the failed expression. */
        private static String message(JsonNode validation, Optional<CompiledExpression> messageExpression,
                                      Map<String, Object> activation, CostBudget budget) {
            if (messageExpression.isPresent()) {
                try {
                    Object result = messageExpression.get().evaluate(activation, budget);
                    String text = result instanceof String s ? s.trim() : "";
                    if (!text.isEmpty() && text.length() <= 5 * 1024 && !text.contains("\n")) {
                        return text;
                    }
                } catch (CelEvaluationError e) {
                    // Upstream drops a failing messageExpression and falls back to the static message.
                }
            }
            String message = text(validation, "message");
            return message.isEmpty() ? "failed expression: " + text(validation, "expression").trim() : message;
        }
    }
}
