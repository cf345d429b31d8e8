package dev.ordinal.registry.apps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

import dev.ordinal.registry.core.GoLiteral;
import dev.ordinal.machinery.go.GoText;

/**
 * Bad values of the apps/v1 field errors, printed as upstream prints them: a value that is neither
 * a number nor a string goes through Go's {@code %#v}, so a map reads
 * {@code map[string]string{"app":"web"}} and a struct names its (internal) Go type. Read from the
 * JSON, which unlike the typed view tells an absent map ({@code nil}) from an empty one.
 */
final class GoSyntax {

    private GoSyntax() {
    }

    /** A {@code map[string]string}, e.g. a template's labels. */
    static Object stringMap(JsonNode map) {
        return new GoLiteral(goMap(map));
    }

    /** A {@code metav1.LabelSelector}. */
    static Object labelSelector(JsonNode selector) {
        JsonNode expressions = selector.path("matchExpressions");
        String requirements;
        if (!expressions.isArray()) {
            requirements = "[]v1.LabelSelectorRequirement(nil)";
        } else {
            List<String> items = new ArrayList<>();
            expressions.forEach(expression -> items.add("v1.LabelSelectorRequirement{Key:"
                    + GoText.quote(expression.path("key").asString("")) + ", Operator:"
                    + GoText.quote(expression.path("operator").asString("")) + ", Values:"
                    + goStrings(expression.path("values")) + "}"));
            requirements = "[]v1.LabelSelectorRequirement{" + String.join(", ", items) + "}";
        }
        return new GoLiteral("v1.LabelSelector{MatchLabels:" + goMap(selector.path("matchLabels"))
                + ", MatchExpressions:" + requirements + "}");
    }

    /**
     * An {@code apps.StatefulSetUpdateStrategy}. Go prints a set rollingUpdate pointer as its
     * memory address, which means nothing outside that process; a fixed one stands in for it.
     */
    static Object updateStrategy(JsonNode strategy) {
        String rollingUpdate = strategy.path("rollingUpdate").isObject() ? "0xc000000000" : "nil";
        return new GoLiteral("apps.StatefulSetUpdateStrategy{Type:" + GoText.quote(strategy.path("type").asString(""))
                + ", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(" + rollingUpdate + ")}");
    }

    /** An {@code apps.RollingUpdateStatefulSetStrategy}; maxUnavailable is never kept (its gate is off). */
    static Object rollingUpdate(JsonNode rollingUpdate) {
        return new GoLiteral("apps.RollingUpdateStatefulSetStrategy{Partition:"
                + rollingUpdate.path("partition").asLong(0) + ", MaxUnavailable:(*intstr.IntOrString)(nil)}");
    }

    /**
     * An {@code intstr.IntOrString} as {@code %#v} prints it (its String method has a pointer
     * receiver, so field errors never call it): Type 0 for a number, 1 for a string.
     */
    static Object intOrString(JsonNode value) {
        if (value.isString()) {
            return new GoLiteral("intstr.IntOrString{Type:1, IntVal:0, StrVal:" + GoText.quote(value.stringValue()) + "}");
        }
        return new GoLiteral("intstr.IntOrString{Type:0, IntVal:" + value.asLong(0) + ", StrVal:\"\"}");
    }

    /** An {@code apps.DeploymentStrategy}; a set rollingUpdate pointer gets the same stand-in address. */
    static Object deploymentStrategy(JsonNode strategy) {
        String rollingUpdate = strategy.path("rollingUpdate").isObject() ? "0xc000000000" : "nil";
        return new GoLiteral("apps.DeploymentStrategy{Type:" + GoText.quote(strategy.path("type").asString(""))
                + ", RollingUpdate:(*apps.RollingUpdateDeployment)(" + rollingUpdate + ")}");
    }

    /** An {@code apps.DaemonSetUpdateStrategy}; a set rollingUpdate pointer gets the same stand-in address. */
    static Object daemonSetUpdateStrategy(JsonNode strategy) {
        String rollingUpdate = strategy.path("rollingUpdate").isObject() ? "0xc000000000" : "nil";
        return new GoLiteral("apps.DaemonSetUpdateStrategy{Type:" + GoText.quote(strategy.path("type").asString(""))
                + ", RollingUpdate:(*apps.RollingUpdateDaemonSet)(" + rollingUpdate + ")}");
    }

    /** Go's {@code fmt} prints a map's entries sorted by key. */
    private static String goMap(JsonNode map) {
        if (!map.isObject()) {
            return "map[string]string(nil)";
        }
        Map<String, String> sorted = new TreeMap<>(GoText.BYTE_ORDER);
        map.properties().forEach(entry -> sorted.put(entry.getKey(), entry.getValue().asString("")));
        List<String> entries = new ArrayList<>();
        sorted.forEach((key, value) -> entries.add(GoText.quote(key) + ":" + GoText.quote(value)));
        return "map[string]string{" + String.join(", ", entries) + "}";
    }

    private static String goStrings(JsonNode values) {
        if (!values.isArray()) {
            return "[]string(nil)";
        }
        List<String> items = new ArrayList<>();
        values.forEach(value -> items.add(value.asString("")));
        return GoLiteral.strings(items).text();
    }
}
