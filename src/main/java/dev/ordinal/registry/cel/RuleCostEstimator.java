package dev.ordinal.registry.cel;

import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;

import dev.cel.common.ast.CelExpr;

/**
 * The worst-case cost of a rule, estimated before it ever runs, as upstream estimates it to refuse
 * a CustomResourceDefinition whose rules could run too long. Each node of the expression costs one
 * unit, and the body of a comprehension ({@code all}, {@code exists}, {@code map}, {@code filter})
 * costs as often as its range can have elements. A range's size comes from the schema it selects
 * ({@code maxItems}, {@code maxProperties}, {@code maxLength}); without a bound, from the most
 * elements a request of upstream's 3 MiB limit could hold, as upstream's {@code MaxCardinality}.
 * The figure follows cel-go's in shape, not to the unit.
 */
final class RuleCostEstimator {

    /** Upstream's {@code maxRequestSizeBytes} for the estimate of unbounded lists and maps. */
    static final long MAX_REQUEST_SIZE_BYTES = 3 * 1024 * 1024;

    private RuleCostEstimator() {
    }

    static long estimate(CelExpr expr, JSONSchemaProps self) {
        Map<String, JSONSchemaProps> scope = new HashMap<>();
        scope.put("self", self);
        scope.put("oldSelf", self);
        return cost(expr, scope);
    }

    private static long cost(CelExpr expr, Map<String, JSONSchemaProps> scope) {
        return switch (expr.getKind()) {
            case COMPREHENSION -> {
                CelExpr.CelComprehension loop = expr.comprehension();
                long size = maxSize(schemaOf(loop.iterRange(), scope));
                Map<String, JSONSchemaProps> inner = new HashMap<>(scope);
                inner.put(loop.iterVar(), elementSchema(schemaOf(loop.iterRange(), scope)));
                long body = cost(loop.loopCondition(), inner) + cost(loop.loopStep(), inner);
                yield saturatingAdd(cost(loop.iterRange(), scope) + cost(loop.accuInit(), scope)
                        + cost(loop.result(), inner), saturatingMultiply(size, body));
            }
            case CALL -> {
                long total = 1;
                if (expr.call().target().isPresent()) {
                    total = saturatingAdd(total, cost(expr.call().target().get(), scope));
                }
                for (CelExpr arg : expr.call().args()) {
                    total = saturatingAdd(total, cost(arg, scope));
                }
                yield total;
            }
            case SELECT -> 1 + cost(expr.select().operand(), scope);
            case LIST -> expr.list().elements().stream().mapToLong(e -> cost(e, scope)).reduce(1, RuleCostEstimator::saturatingAdd);
            case MAP -> expr.map().entries().stream().mapToLong(e -> cost(e.key(), scope) + cost(e.value(), scope))
                    .reduce(1, RuleCostEstimator::saturatingAdd);
            default -> 1;
        };
    }

    /** The schema an expression selects, when it is a chain of field selections from a known variable. */
    private static JSONSchemaProps schemaOf(CelExpr expr, Map<String, JSONSchemaProps> scope) {
        return switch (expr.getKind()) {
            case IDENT -> scope.get(expr.ident().name());
            case SELECT -> {
                JSONSchemaProps operand = schemaOf(expr.select().operand(), scope);
                if (operand == null) {
                    yield null;
                }
                JSONSchemaProps additional = SchemaTypes.additionalProperties(operand);
                if (additional != null) {
                    yield additional;
                }
                yield operand.getProperties() == null ? null : operand.getProperties().entrySet().stream()
                        .filter(p -> PropertyNames.escape(p.getKey()).map(expr.select().field()::equals).orElse(false))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
            }
            default -> null;
        };
    }

    private static JSONSchemaProps elementSchema(JSONSchemaProps schema) {
        if (schema == null) {
            return null;
        }
        if (schema.getItems() != null) {
            return schema.getItems().getSchema();
        }
        return SchemaTypes.additionalProperties(schema);
    }

    /** The most elements a value of this schema can have; unknown schemas count as unbounded. */
    static long maxSize(JSONSchemaProps schema) {
        if (schema == null) {
            return MAX_REQUEST_SIZE_BYTES;
        }
        if (schema.getMaxItems() != null) {
            return schema.getMaxItems();
        }
        if (schema.getMaxProperties() != null) {
            return schema.getMaxProperties();
        }
        if (schema.getMaxLength() != null) {
            return schema.getMaxLength();
        }
        return MAX_REQUEST_SIZE_BYTES / (minSerializedSize(elementSchema(schema)) + 1);
    }

    /** Upstream's {@code estimateMinSizeJSON}: the fewest bytes one element takes in JSON. */
    private static long minSerializedSize(JSONSchemaProps schema) {
        if (schema == null || schema.getType() == null) {
            return 1;
        }
        return switch (schema.getType()) {
            case "string", "object", "array" -> 2;
            case "boolean" -> 4;
            default -> 1;
        };
    }

    static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    static long saturatingMultiply(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }
}
