package dev.ordinal.registry.selection;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.fields.FieldSelector;
import dev.ordinal.machinery.labels.InvalidSelectorException;
import dev.ordinal.machinery.labels.LabelSelector;
import dev.ordinal.registry.rest.ResourceDefinition;

/**
 * The label and field selectors of one list or watch, bound to the kind they select from: the
 * counterpart of upstream's {@code storage.SelectionPredicate}. Field selectors may use
 * metadata.name, metadata.namespace and the fields the kind's strategy offers.
 */
public final class Selection {

    private final ResourceDefinition definition;
    private final LabelSelector labels;
    private final FieldSelector fields;

    private Selection(ResourceDefinition definition, LabelSelector labels, FieldSelector fields) {
        this.definition = definition;
        this.labels = labels;
        this.fields = fields;
    }

    /** Parses both selectors; malformed or unsupported ones are a 400 BadRequest. */
    public static Selection of(ResourceDefinition definition, String labelSelector, String fieldSelector) {
        try {
            FieldSelector fields = FieldSelector.parse(fieldSelector);
            Set<String> supported = new HashSet<>(Set.of("metadata.name", "metadata.namespace"));
            supported.addAll(definition.strategy().selectableFieldNames());
            fields.requireSupportedFields(supported);
            return new Selection(definition, LabelSelector.parse(labelSelector), fields);
        } catch (InvalidSelectorException e) {
            throw StatusError.badRequest(e.getMessage());
        }
    }

    public boolean isEverything() {
        return labels.isEmpty() && fields.isEmpty();
    }

    public boolean matches(Unstructured object) {
        if (!labels.isEmpty() && !labels.matches(object.labels())) {
            return false;
        }
        if (fields.isEmpty()) {
            return true;
        }
        Map<String, String> values = new HashMap<>(definition.strategy().selectableFields(object));
        values.put("metadata.name", object.name());
        if (definition.namespaced()) {
            values.put("metadata.namespace", object.namespace());
        }
        return fields.matches(values);
    }
}
