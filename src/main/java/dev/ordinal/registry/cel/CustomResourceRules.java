package dev.ordinal.registry.cel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import tools.jackson.databind.JsonNode;

import dev.cel.common.types.CelType;
import dev.cel.common.types.OptionalType;
import dev.cel.common.types.SimpleType;
import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.JsonValues;
import dev.ordinal.machinery.Warnings;

/**
 * The {@code x-kubernetes-validations} rules of one CustomResourceDefinition version's schema,
 * compiled once, as upstream's {@code apiextensions-apiserver/pkg/apiserver/schema/cel}.
 *
 * <p>{@link #compile} compiles every rule of the schema; {@link #compilationErrors} says why the
 * definition must be refused (a rule that does not compile or is no bool, a messageExpression that is
 * no string, an estimated cost over the limit, {@code oldSelf} where no old value can be found);
 * {@link #validate} evaluates the rules against an object, and on update against the old object too.
 *
 * <p>An update of the main resource ratchets, as upstream's {@code CRDValidationRatcheting} (on by
 * default since 1.30): a rule that does not use {@code oldSelf} and fails on a value unchanged from
 * the old value it correlates with is reported as a warning, not an error.
 */
public final class CustomResourceRules {

    /** Upstream's {@code StaticEstimatedCostLimit}: the estimated cost one rule may have. */
    public static final long STATIC_ESTIMATED_COST_LIMIT = 10_000_000;
    /** Upstream's {@code StaticEstimatedCRDCostLimit}: the estimated cost all rules of a schema may have together. */
    public static final long STATIC_ESTIMATED_CRD_COST_LIMIT = 100_000_000;
    /** Upstream's limit on the length of a messageExpression's result. */
    static final int MAX_MESSAGE_LENGTH = 5 * 1024;

    private static final List<String> REASONS = List.of("FieldValueDuplicate", "FieldValueForbidden",
            "FieldValueInvalid", "FieldValueRequired");

    private final SchemaNode root;

    private CustomResourceRules(SchemaNode root) {
        this.root = root;
    }

    /** Compiles the rules of a version's {@code openAPIV3Schema}; a {@code null} schema has none. */
    public static CustomResourceRules compile(JSONSchemaProps schema) {
        return new CustomResourceRules(schema == null ? null : new SchemaNode(schema, true, "", null, 1));
    }

    /**
     * Why this schema's rules must be refused, with paths under {@code schemaPath} (upstream reports them
     * under {@code spec.validation.openAPIV3Schema} when all versions share one schema, else
     * {@code spec.versions[i].schema.openAPIV3Schema}).
     */
    public List<FieldError> compilationErrors(String schemaPath) {
        List<FieldError> errors = new ArrayList<>();
        if (root == null) {
            return errors;
        }
        long[] total = {0};
        List<String> contributors = new ArrayList<>();
        root.collectCompilationErrors(schemaPath, errors, total, contributors);
        if (total[0] > STATIC_ESTIMATED_CRD_COST_LIMIT) {
            contributors.forEach(path -> errors.add(FieldError.forbidden(path,
                    "contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema")));
            errors.add(FieldError.forbidden(schemaPath, costMessage(
                    "x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema", total[0],
                    STATIC_ESTIMATED_CRD_COST_LIMIT)));
        }
        return errors;
    }

    /** Whether any node of the schema declares rules. */
    public boolean hasRules() {
        return root != null && root.hasRules();
    }

    /** The errors of the rules for a create ({@code oldObject} null) or an update, with a fresh budget. */
    public List<FieldError> validate(JsonNode newObject, JsonNode oldObject) {
        return validate(newObject, oldObject, CostBudget.perRequest(), false);
    }

    /**
     * The errors of the rules, failures on unchanged values turned into warnings when
     * {@code ratcheting} (an update of the main resource; upstream ratchets no status write in 1.32).
     */
    public List<FieldError> validate(JsonNode newObject, JsonNode oldObject, CostBudget budget, boolean ratcheting) {
        List<FieldError> errors = new ArrayList<>();
        if (root != null) {
            root.validate("", newObject, oldObject, budget, ratcheting, errors);
        }
        return errors;
    }

    static String costMessage(String costName, long cost, long limit) {
        double factor = (double) cost / limit;
        String text = factor > 100 ? "more than 100x"
                : factor < 1.5 ? String.format(Locale.ROOT, "%fx", factor)
                : String.format(Locale.ROOT, "%.1fx", factor);
        return costName + " exceeds budget by factor of " + text + " (try simplifying the rule, or adding maxItems, "
                + "maxProperties, and maxLength where arrays, maps, and strings are declared)";
    }

    /** One schema node: its compiled rules and the nodes below it. */
    private static final class SchemaNode {

        private final JSONSchemaProps schema;
        private final boolean resourceRoot;
        private final List<CompiledRule> rules = new ArrayList<>();
        private final Map<String, SchemaNode> properties = new LinkedHashMap<>();
        private final SchemaNode additionalProperties;
        private final SchemaNode items;
        /**
         * The schema path, relative to the root, of the outermost list whose items cannot be correlated
         * with old ones, if this node is under one.
         */
        private final String uncorrelatable;
        /** How many values this node can have in one object (the product of the enclosing collections' sizes). */
        private final long cardinality;
        private final String relativePath;

        SchemaNode(JSONSchemaProps schema, boolean resourceRoot, String path, String uncorrelatable, long cardinality) {
            this.schema = schema;
            this.resourceRoot = resourceRoot;
            this.uncorrelatable = uncorrelatable;
            this.cardinality = cardinality;
            this.relativePath = path;
            if (schema.getProperties() != null) {
                schema.getProperties().forEach((name, property) -> properties.put(name,
                        new SchemaNode(property, false, path + ".properties[" + name + "]", uncorrelatable, cardinality)));
            }
            JSONSchemaProps additional = SchemaTypes.additionalProperties(schema);
            long size = RuleCostEstimator.maxSize(schema);
            additionalProperties = additional == null ? null : new SchemaNode(additional, false,
                    path + ".additionalProperties", uncorrelatable, RuleCostEstimator.saturatingMultiply(cardinality, size));
            JSONSchemaProps itemSchema = schema.getItems() == null ? null : schema.getItems().getSchema();
            String itemsUncorrelatable = uncorrelatable == null && !"map".equals(schema.getXKubernetesListType())
                    ? path : uncorrelatable;
            items = itemSchema == null ? null : new SchemaNode(itemSchema, false, path + ".items", itemsUncorrelatable,
                    RuleCostEstimator.saturatingMultiply(cardinality, size));
            List<ValidationRule> declared = schema.getXKubernetesValidations();
            if (declared != null && !declared.isEmpty()) {
                SchemaTypes types = new SchemaTypes();
                CelType self = types.typeOf(schema, resourceRoot);
                CelEnvironment plain = CelEnvironment.builder().types(types.structs()).variable("self", self)
                        .variable("oldSelf", self).build();
                CelEnvironment optional = CelEnvironment.builder().types(types.structs()).variable("self", self)
                        .variable("oldSelf", OptionalType.create(self)).build();
                for (ValidationRule rule : declared) {
                    rules.add(new CompiledRule(rule, Boolean.TRUE.equals(rule.getOptionalOldSelf()) ? optional : plain));
                }
            }
        }

        boolean hasRules() {
            return !rules.isEmpty() || properties.values().stream().anyMatch(SchemaNode::hasRules)
                    || additionalProperties != null && additionalProperties.hasRules()
                    || items != null && items.hasRules();
        }

        void collectCompilationErrors(String path, List<FieldError> errors, long[] total, List<String> contributors) {
            for (int i = 0; i < rules.size(); i++) {
                rules.get(i).collectErrors(path + ".x-kubernetes-validations[" + i + "]", path, this, errors, total,
                        contributors);
            }
            properties.forEach((name, child) -> child.collectCompilationErrors(path + ".properties[" + name + "]",
                    errors, total, contributors));
            if (additionalProperties != null) {
                additionalProperties.collectCompilationErrors(path + ".additionalProperties", errors, total, contributors);
            }
            if (items != null) {
                items.collectCompilationErrors(path + ".items", errors, total, contributors);
            }
        }

        /** Evaluates the rules of this node and below; false once the budget ran out. */
        boolean validate(String path, JsonNode value, JsonNode old, CostBudget budget, boolean ratcheting,
                         List<FieldError> errors) {
            if (value == null || value.isNull() || value.isMissingNode()) {
                return true;
            }
            boolean hasOld = old != null && !old.isNull() && !old.isMissingNode();
            if (!rules.isEmpty()) {
                Object self = SchemaTypes.valueOf(value, schema, resourceRoot);
                Object oldSelf = hasOld ? SchemaTypes.valueOf(old, schema, resourceRoot) : null;
                // old is only ever the value this one correlates with, so equal means unchanged
                boolean unchanged = ratcheting && hasOld && JsonValues.deepEqual(value, old);
                for (CompiledRule rule : rules) {
                    if (!rule.evaluate(path, this, self, oldSelf, budget, unchanged, errors)) {
                        return false;
                    }
                }
            }
            for (Map.Entry<String, SchemaNode> property : properties.entrySet()) {
                String name = property.getKey();
                JsonNode oldChild = hasOld && old.isObject() ? old.get(name) : null;
                if (value.isObject() && !property.getValue().validate(join(path, name), value.get(name), oldChild,
                        budget, ratcheting, errors)) {
                    return false;
                }
            }
            if (additionalProperties != null && value.isObject()) {
                for (Map.Entry<String, JsonNode> entry : value.properties()) {
                    JsonNode oldChild = hasOld && old.isObject() ? old.get(entry.getKey()) : null;
                    if (!additionalProperties.validate(path + "[" + entry.getKey() + "]", entry.getValue(), oldChild,
                            budget, ratcheting, errors)) {
                        return false;
                    }
                }
            }
            if (items != null && value.isArray()) {
                Map<List<JsonNode>, JsonNode> oldItems = correlatableItems(hasOld ? old : null);
                for (int i = 0; i < value.size(); i++) {
                    JsonNode item = value.get(i);
                    JsonNode oldItem = oldItems.get(mapKey(item));
                    if (!items.validate(path + "[" + i + "]", item, oldItem, budget, ratcheting, errors)) {
                        return false;
                    }
                }
            }
            return true;
        }

        /**
         * The old items a new item can be compared with: only in a {@code x-kubernetes-list-type: map}
         * list, by the values of its keys. Items of atomic lists and sets are never correlated, as upstream.
         */
        private Map<List<JsonNode>, JsonNode> correlatableItems(JsonNode old) {
            Map<List<JsonNode>, JsonNode> byKey = new HashMap<>();
            if (old == null || !old.isArray() || !"map".equals(schema.getXKubernetesListType())) {
                return byKey;
            }
            old.forEach(item -> byKey.putIfAbsent(mapKey(item), item));
            return byKey;
        }

        private List<JsonNode> mapKey(JsonNode item) {
            List<String> keys = schema.getXKubernetesListMapKeys();
            if (!"map".equals(schema.getXKubernetesListType()) || keys == null || !item.isObject()) {
                return List.of();
            }
            List<JsonNode> key = new ArrayList<>();
            keys.forEach(name -> key.add(item.get(name)));
            return key;
        }

        private static String join(String path, String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        /** The value upstream prints as the bad value of a rule's error: the node's schema type. */
        String typeName() {
            return schema.getType() == null ? "" : schema.getType();
        }
    }

    /** One rule, its messageExpression and the environment they were compiled in. */
    private static final class CompiledRule {

        private final ValidationRule rule;
        private final CompiledExpression expression;
        private final String ruleError;
        private final CompiledExpression messageExpression;
        private final String messageExpressionError;

        CompiledRule(ValidationRule rule, CelEnvironment environment) {
            this.rule = rule;
            CompiledExpression compiled = null;
            String error = null;
            String text = rule.getRule() == null ? "" : rule.getRule();
            if (!text.isBlank()) {
                try {
                    compiled = environment.compile(text);
                    if (compiled.resultType() != SimpleType.BOOL) {
                        error = "cel expression must evaluate to a bool";
                        compiled = null;
                    }
                } catch (CelCompileException e) {
                    error = "compilation failed: " + e.getMessage();
                }
            }
            this.expression = compiled;
            this.ruleError = error;
            CompiledExpression message = null;
            String messageError = null;
            if (rule.getMessageExpression() != null && !rule.getMessageExpression().isBlank()) {
                try {
                    message = environment.compile(rule.getMessageExpression());
                    if (message.resultType() != SimpleType.STRING) {
                        messageError = "must evaluate to a string";
                        message = null;
                    }
                } catch (CelCompileException e) {
                    messageError = "messageExpression compilation failed: " + e.getMessage();
                }
            }
            this.messageExpression = message;
            this.messageExpressionError = messageError;
        }

        void collectErrors(String path, String nodePath, SchemaNode node, List<FieldError> errors, long[] total,
                List<String> contributors) {
            String text = rule.getRule() == null ? "" : rule.getRule().trim();
            String message = rule.getMessage() == null ? "" : rule.getMessage();
            if (text.isEmpty()) {
                errors.add(FieldError.required(path + ".rule", "rule is not specified"));
            } else if (!message.isEmpty() && message.trim().isEmpty()) {
                errors.add(FieldError.invalid(path + ".message", message, "message must be non-empty if specified"));
            } else if (hasLineBreaks(message.trim())) {
                errors.add(FieldError.invalid(path + ".message", message, "message must not contain line breaks"));
            } else if (hasLineBreaks(text) && message.trim().isEmpty()) {
                errors.add(FieldError.required(path + ".message", "message must be specified if rule contains line breaks"));
            }
            if (rule.getMessageExpression() != null && !rule.getMessageExpression().isEmpty()
                    && rule.getMessageExpression().isBlank()) {
                errors.add(FieldError.required(path + ".messageExpression", "messageExpression must be non-empty if specified"));
            }
            if (rule.getReason() != null && !REASONS.contains(rule.getReason())) {
                errors.add(FieldError.notSupported(path + ".reason", rule.getReason(), REASONS));
            }
            if (rule.getFieldPath() != null && !rule.getFieldPath().isEmpty()) {
                if (rule.getFieldPath().isBlank()) {
                    errors.add(FieldError.invalid(path + ".fieldPath", rule.getFieldPath(), "fieldPath must be non-empty if specified"));
                } else if (hasLineBreaks(rule.getFieldPath())) {
                    errors.add(FieldError.invalid(path + ".fieldPath", rule.getFieldPath(), "fieldPath must not contain line breaks"));
                } else if (RuleFieldPath.resolve(rule.getFieldPath(), node.schema).isEmpty()) {
                    errors.add(FieldError.invalid(path + ".fieldPath", rule.getFieldPath(), "fieldPath must be a valid path"));
                }
            }
            if (text.isEmpty()) {
                return;
            }
            if (expression != null) {
                long cost = RuleCostEstimator.saturatingMultiply(
                        RuleCostEstimator.estimate(expression.ast(), node.schema), node.cardinality);
                if (cost > STATIC_ESTIMATED_COST_LIMIT) {
                    errors.add(FieldError.forbidden(path + ".rule", costMessage("estimated rule cost", cost,
                            STATIC_ESTIMATED_COST_LIMIT)));
                }
                total[0] = RuleCostEstimator.saturatingAdd(total[0], cost);
                contributors.add(path + ".rule");
            }
            if (ruleError != null) {
                errors.add(FieldError.invalid(path + ".rule", new GoRuleLiteral(rule), ruleError));
            }
            if (messageExpressionError != null) {
                errors.add(FieldError.invalid(path + ".messageExpression", new GoRuleLiteral(rule), messageExpressionError));
            } else if (messageExpression != null) {
                long cost = RuleCostEstimator.saturatingMultiply(
                        RuleCostEstimator.estimate(messageExpression.ast(), node.schema), node.cardinality);
                if (cost > STATIC_ESTIMATED_COST_LIMIT) {
                    errors.add(FieldError.forbidden(path + ".messageExpression", costMessage(
                            "estimated messageExpression cost", cost, STATIC_ESTIMATED_COST_LIMIT)));
                }
                total[0] = RuleCostEstimator.saturatingAdd(total[0], cost);
            }
            if (expression != null && usesOldSelf()) {
                if (node.uncorrelatable != null) {
                    errors.add(FieldError.invalid(path + ".rule", rule.getRule(),
                            "oldSelf cannot be used on the uncorrelatable portion of the schema within "
                                    + nodePath.substring(0, nodePath.length() - node.relativePath.length())
                                    + node.uncorrelatable));
                }
            } else if (expression != null && rule.getOptionalOldSelf() != null) {
                errors.add(FieldError.invalid(path + ".optionalOldSelf", rule.getOptionalOldSelf(),
                        "may not be set if oldSelf is not used in rule"));
            }
        }

        private boolean usesOldSelf() {
            return expression.uses("oldSelf");
        }

        private static boolean hasLineBreaks(String text) {
            return text.contains("\n") || text.contains("\r");
        }

        /**
         * Evaluates the rule at one value; false when the request's budget ran out. A failure of a rule
         * without {@code oldSelf} on an {@code unchanged} value is a warning, as upstream's ratcheting;
         * running out of the request's budget stays an error.
         */
        boolean evaluate(String path, SchemaNode node, Object self, Object oldSelf, CostBudget budget,
                boolean unchanged, List<FieldError> errors) {
            if (!unchanged || expression == null || usesOldSelf()) {
                return evaluate(path, node, self, oldSelf, budget, errors);
            }
            List<FieldError> failures = new ArrayList<>();
            boolean more = evaluate(path, node, self, oldSelf, budget, failures);
            failures.forEach(failure -> {
                if (more) {
                    Warnings.add(failure.toString());
                } else {
                    errors.add(failure);
                }
            });
            return more;
        }

        private boolean evaluate(String path, SchemaNode node, Object self, Object oldSelf, CostBudget budget,
                List<FieldError> errors) {
            if (expression == null) {
                return true;
            }
            boolean transition = usesOldSelf();
            boolean optionalOld = Boolean.TRUE.equals(rule.getOptionalOldSelf());
            if (transition && oldSelf == null && !optionalOld) {
                return true;
            }
            Map<String, Object> variables = new HashMap<>();
            variables.put("self", self);
            if (transition) {
                variables.put("oldSelf", optionalOld ? Optional.ofNullable(oldSelf) : oldSelf);
            }
            String errorPath = path + RuleFieldPath.resolve(Optional.ofNullable(rule.getFieldPath()).orElse(""),
                    node.schema).orElse("");
            try {
                Object result = expression.evaluate(variables, budget);
                if (Boolean.FALSE.equals(result)) {
                    Optional<String> message = evaluateMessage(variables, budget, node, path, errors);
                    if (budget.exhausted()) {
                        return false;
                    }
                    errors.add(failure(errorPath, node.typeName(), message.orElse(defaultMessage())));
                }
                return true;
            } catch (CostLimitExceeded e) {
                if (!e.perCall()) {
                    errors.add(FieldError.invalid(path, node.typeName(),
                            "validation failed due to running out of cost budget, no further validation rules will be run"));
                    return false;
                }
                errors.add(FieldError.invalid(path, node.typeName(), e.getMessage()
                        + ": call cost exceeds limit for rule: " + ruleErrorText()));
                return true;
            } catch (CelEvaluationError e) {
                String detail = e.getMessage().startsWith("no such overload")
                        ? "'" + e.getMessage() + "': call arguments did not match a supported operator, function or "
                                + "macro signature for rule: " + ruleErrorText()
                        : e.getMessage() + " evaluating rule: " + ruleErrorText();
                errors.add(FieldError.invalid(path, node.typeName(), detail));
                return true;
            }
        }

        /**
         * The messageExpression's result, trimmed; empty when it fails or gives an empty, multi-line or
         * over-long text, so the static message applies, as upstream.
         */
        private Optional<String> evaluateMessage(Map<String, Object> variables, CostBudget budget, SchemaNode node,
                String path, List<FieldError> errors) {
            if (messageExpression == null) {
                return Optional.empty();
            }
            try {
                Object result = messageExpression.evaluate(variables, budget);
                String text = result instanceof String s ? s.trim() : "";
                if (text.isEmpty() || text.length() > MAX_MESSAGE_LENGTH || hasLineBreaks(text)) {
                    return Optional.empty();
                }
                return Optional.of(text);
            } catch (CostLimitExceeded e) {
                if (!e.perCall()) {
                    errors.add(FieldError.invalid(path, node.typeName(), "messageExpression evaluation failed due to "
                            + "running out of cost budget, no further validation rules will be run"));
                }
                return Optional.empty();
            } catch (CelEvaluationError e) {
                return Optional.empty();
            }
        }

        private FieldError failure(String path, String typeName, String message) {
            String reason = rule.getReason() == null ? "FieldValueInvalid" : rule.getReason();
            return switch (reason) {
                case "FieldValueForbidden" -> FieldError.forbidden(path, message);
                case "FieldValueRequired" -> FieldError.required(path, message);
                case "FieldValueDuplicate" -> FieldError.duplicate(path, typeName);
                default -> FieldError.invalid(path, typeName, message);
            };
        }

        private String defaultMessage() {
            String message = rule.getMessage() == null ? "" : rule.getMessage().trim();
            return message.isEmpty() ? "failed rule: " + ruleErrorText() : message;
        }

        /** Upstream's {@code ruleErrorString}: the message if there is one, else the rule. */
        private String ruleErrorText() {
            String message = rule.getMessage() == null ? "" : rule.getMessage().trim();
            return message.isEmpty() ? rule.getRule().trim() : message;
        }
    }

    /**
     * A rule as Go's {@code %#v} prints upstream's internal {@code apiextensions.ValidationRule}, which
     * upstream puts as the bad value of a rule that does not compile.
     */
    private record GoRuleLiteral(ValidationRule rule) {
        @Override
        public String toString() {
            return "apiextensions.ValidationRule{Rule:" + quote(rule.getRule()) + ", Message:" + quote(rule.getMessage())
                    + ", MessageExpression:" + quote(rule.getMessageExpression()) + ", Reason:"
                    + pointer("apiextensions.FieldValueErrorReason", rule.getReason()) + ", FieldPath:"
                    + quote(rule.getFieldPath()) + ", OptionalOldSelf:" + pointer("bool", rule.getOptionalOldSelf()) + "}";
        }

        private static String quote(String text) {
            return dev.ordinal.machinery.go.GoText.quote(text == null ? "" : text);
        }

        /** Go prints a set pointer as its address, which means nothing outside the process; a stable stand-in is used. */
        private static String pointer(String type, Object value) {
            return "(*" + type + ")(" + (value == null ? "nil" : "0xc000000000") + ")";
        }
    }
}
