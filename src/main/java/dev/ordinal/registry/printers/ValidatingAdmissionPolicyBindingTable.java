package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/**
 * {@code kubectl get validatingadmissionpolicybindings}: NAME POLICYNAME PARAMREF AGE, the param
 * reference printed as upstream's printer prints it ({@code ns/name}, {@code * /name} without a
 * namespace, the selector, or {@code <unset>}).
 */
public final class ValidatingAdmissionPolicyBindingTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.string("PolicyName", "The policy the binding binds."),
            Column.string("ParamRef", "The parameters the binding gives the policy."),
            Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Unstructured binding, Instant now) {
        JsonNode spec = binding.at("spec");
        return List.of(binding.name(), Fields.text(spec, "policyName"), paramRef(spec.path("paramRef")),
                Timestamps.age(binding, now));
    }

    private static String paramRef(JsonNode ref) {
        if (!ref.isObject()) {
            return "<unset>";
        }
        String name = Fields.text(ref, "name");
        if (!name.isEmpty()) {
            String namespace = Fields.text(ref, "namespace");
            return (namespace.isEmpty() ? "*" : namespace) + "/" + name;
        }
        if (ref.has("selector")) {
            return WorkloadSelector.of(ref.path("selector"));
        }
        return "<unset>";
    }
}
