package dev.ordinal.controller.scheduler;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;

/**
 * Node selection by a pod, as upstream's {@code component-helpers/scheduling/corev1/nodeaffinity}:
 * the nodeSelector's labels must all be on the node, and one of the required nodeSelectorTerms
 * must match (every matchExpression on the labels and every matchField on the node's name; an
 * empty term matches nothing). Preferred terms score by their weights.
 */
public final class NodeAffinity {

    private NodeAffinity() {
    }

    /** Whether the node satisfies the pod's nodeSelector and required node affinity. */
    public static boolean matches(JsonNode podSpec, Unstructured node) {
        Map<String, String> labels = node.labels();
        for (Map.Entry<String, JsonNode> entry : podSpec.path("nodeSelector").properties()) {
            if (!entry.getValue().asString("").equals(labels.get(entry.getKey()))) {
                return false;
            }
        }
        JsonNode required = required(podSpec);
        if (required.isMissingNode() || required.isNull()) {
            return true;
        }
        for (JsonNode term : required.path("nodeSelectorTerms")) {
            if (termMatches(term, node)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The node names the required terms allow through {@code matchFields metadata.name In}, as the
     * plugin's PreFilter computes them: null when some term allows any node, empty when the terms
     * conflict.
     */
    static Set<String> nodeNames(JsonNode podSpec) {
        JsonNode terms = required(podSpec).path("nodeSelectorTerms");
        if (terms.isEmpty()) {
            return null;
        }
        Set<String> names = new HashSet<>();
        for (JsonNode term : terms) {
            Set<String> termNames = null;
            for (JsonNode field : term.path("matchFields")) {
                if (field.path("key").asString("").equals("metadata.name")
                        && field.path("operator").asString("").equals("In")) {
                    Set<String> values = new HashSet<>();
                    field.path("values").forEach(v -> values.add(v.asString("")));
                    if (termNames == null) {
                        termNames = values;
                    } else {
                        termNames.retainAll(values);
                    }
                }
            }
            if (termNames == null) {
                return null;
            }
            names.addAll(termNames);
        }
        return names;
    }

    /** The sum of the weights of the preferred terms the node matches. */
    static long preferredScore(JsonNode podSpec, Unstructured node) {
        long score = 0;
        JsonNode preferred = podSpec.path("affinity").path("nodeAffinity")
                .path("preferredDuringSchedulingIgnoredDuringExecution");
        for (JsonNode term : preferred) {
            long weight = term.path("weight").asLong(0);
            if (weight != 0 && termMatches(term.path("preference"), node)) {
                score += weight;
            }
        }
        return score;
    }

    static boolean termMatches(JsonNode term, Unstructured node) {
        JsonNode expressions = term.path("matchExpressions");
        JsonNode fields = term.path("matchFields");
        if (expressions.isEmpty() && fields.isEmpty()) {
            return false;
        }
        Map<String, String> labels = node.labels();
        for (JsonNode expression : expressions) {
            String key = expression.path("key").asString("");
            if (!requirementMatches(expression, labels.containsKey(key), labels.get(key))) {
                return false;
            }
        }
        for (JsonNode field : fields) {
            String operator = field.path("operator").asString("");
            if (!field.path("key").asString("").equals("metadata.name")
                    || !(operator.equals("In") || operator.equals("NotIn"))
                    || !requirementMatches(field, true, node.name())) {
                return false;
            }
        }
        return true;
    }

    private static boolean requirementMatches(JsonNode requirement, boolean present, String value) {
        JsonNode values = requirement.path("values");
        return switch (requirement.path("operator").asString("")) {
            case "In" -> present && contains(values, value);
            case "NotIn" -> !present || !contains(values, value);
            case "Exists" -> present;
            case "DoesNotExist" -> !present;
            case "Gt", "Lt" -> {
                if (!present || values.size() != 1) {
                    yield false;
                }
                try {
                    long actual = Long.parseLong(value);
                    long bound = Long.parseLong(values.get(0).asString(""));
                    yield requirement.path("operator").asString("").equals("Gt") ? actual > bound : actual < bound;
                } catch (NumberFormatException e) {
                    yield false;
                }
            }
            default -> false;
        };
    }

    private static boolean contains(JsonNode values, String value) {
        for (JsonNode candidate : values) {
            if (candidate.asString("").equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode required(JsonNode podSpec) {
        return podSpec.path("affinity").path("nodeAffinity").path("requiredDuringSchedulingIgnoredDuringExecution");
    }
}
