package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/** {@code kubectl get validatingadmissionpolicies}: NAME VALIDATIONS PARAMKIND AGE, as upstream's printer. */
public final class ValidatingAdmissionPolicyTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.integer("Validations", "How many validations the policy makes."),
            Column.string("ParamKind", "The kind of the policy's parameters."),
            Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Unstructured policy, Instant now) {
        JsonNode paramKind = policy.at("spec").path("paramKind");
        String kind = paramKind.isObject()
                ? Fields.text(paramKind, "apiVersion") + "/" + Fields.text(paramKind, "kind") : "<unset>";
        return List.of(policy.name(), (long) Fields.count(policy.at("spec").path("validations")), kind,
                Timestamps.age(policy, now));
    }
}
