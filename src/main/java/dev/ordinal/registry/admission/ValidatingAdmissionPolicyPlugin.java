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
 * validations run; a failed validation denies the request (action Deny, the first denial wins) or
 * becomes a warning (Warn). Runtime and configuration errors count as failures only under
 * failurePolicy Fail. Policies and bindings come from {@link AdmissionPolicyCache}; compiled
 * expressions are kept per policy resourceVersion.
 */
@Component
class ValidatingAdmissionPolicyPlugin implements ValidatingPlugin {

    private static final JsonMapper JSON = JsonMapper.builder().build();

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
        for (Unstructured binding : cache.bindings()) {
            JsonNode bindingSpec = binding.json().path("spec");
            Unstructured policy = cache.policy(text(bindingSpec, "policyName"));
            if (policy == null) {
                continue;
            }
            JsonNode policySpec = policy.json().path("spec");
            if (!RequestMatching.matches(policySpec.path("matchConstraints"), attributes, this::namespaceLabels)
                    || bindingSpec.path("matchResources").isObject()
                    && !RequestMatching.matches(bindingSpec.path("matchResources"), attributes, this::namespaceLabels)) {
                continue;
            }
            evaluate(policy, binding, attributes);
        }
    }

    private void evaluate(Unstructured policy, Unstructured binding, AdmissionAttributes attributes) {
        JsonNode policySpec = policy.json().path("spec");
        boolean failClosed = !"Ignore".equals(text(policySpec, "failurePolicy"));
        List<String> actions = new ArrayList<>();
        binding.json().path("spec").path("validationActions").forEach(action -> actions.add(action.asString("")));
        List<JsonNode> params;
        try {
            params = params(policySpec, binding.json().path("spec"), attributes);
        } catch (ConfigurationError e) {
            if (failClosed) {
                apply(new Violation(e.getMessage(), "Invalid"), policy, binding, actions, attributes);
            }
            return;
        }
        CompiledPolicy expressions = compiled.compute(policy.name(), (name, known) ->
                known != null && known.resourceVersion.equals(policy.resourceVersion()) ? known : new CompiledPolicy(policy));
        for (JsonNode param : params) {
            for (Violation violation : expressions.violations(variables(attributes, param), failClosed)) {
                apply(violation, policy, binding, actions, attributes);
            }
        }
    }

    private void apply(Violation violation, Unstructured policy, Unstructured binding, List<String> actions,
                       AdmissionAttributes attributes) {
        if (actions.contains("Warn")) {
            Warnings.add("Validation failed for ValidatingAdmissionPolicy '" + policy.name() + "' with binding '"
                    + binding.name() + "': " + violation.message());
        }
        if (actions.contains("Deny")) {
            throw denial(attributes, "ValidatingAdmissionPolicy '" + policy.name() + "' with binding '" + binding.name()
                    + "' denied request: " + violation.message(), violation.reason());
        }
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

    /** One failed validation: its message and the reason of the denial it makes. */
    record Violation(String message, String reason) {
    }

    /** A binding or policy that cannot be evaluated as configured. */
    private static final class ConfigurationError extends RuntimeException {
        ConfigurationError(String message) {
            super(message, null, false, false);
        }
    }

    /** A policy's expressions, compiled once per resourceVersion. */
    private static final class CompiledPolicy {

        private final String resourceVersion;
        private final Map<String, Optional<CompiledExpression>> variables = new LinkedHashMap<>();
        private final MatchConditions matchConditions;
        private final List<JsonNode> validations = new ArrayList<>();
        private final List<Optional<CompiledExpression>> expressions = new ArrayList<>();
        private final List<Optional<CompiledExpression>> messages = new ArrayList<>();

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
        }

        private static Optional<CompiledExpression> compile(String expression) {
            try {
                return Optional.of(AdmissionPolicyEnvironment.environment().compile(expression));
            } catch (CelCompileException e) {
                return Optional.empty();
            }
        }

        List<Violation> violations(Map<String, Object> activation, boolean failClosed) {
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
                violations.add(new Violation(match.error(), "Invalid"));
            }
            if (!match.matches()) {
                return violations;
            }
            for (int i = 0; i < validations.size(); i++) {
                JsonNode validation = validations.get(i);
                String reason = text(validation, "reason").isEmpty() ? "Invalid" : text(validation, "reason");
                String expression = text(validation, "expression");
                if (expressions.get(i).isEmpty()) {
                    // Only a policy stored before its expressions were checked can get here.
                    if (failClosed) {
                        violations.add(new Violation("compilation failed for expression '" + expression + "'", reason));
                    }
                    continue;
                }
                try {
                    Object result = expressions.get(i).get().evaluate(activation, budget);
                    if (!Boolean.TRUE.equals(result)) {
                        violations.add(new Violation(message(validation, messages.get(i), activation, budget), reason));
                    }
                } catch (CelEvaluationError e) {
                    if (failClosed) {
                        violations.add(new Violation("expression '" + expression + "' resulted in error: "
                                + e.getMessage(), "Invalid"));
                    }
                }
            }
            return violations;
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
