package dev.ordinal.registry.fieldmanager;

import java.util.ArrayList;
import java.util.List;

/** A path to a field, list item or set member: structured-merge-diff's {@code fieldpath.Path}. */
public record FieldPath(List<PathElement> elements) {

    public static final FieldPath ROOT = new FieldPath(List.of());

    public FieldPath {
        elements = List.copyOf(elements);
    }

    /** A path of field names, e.g. {@code fields("spec", "replicas")}. */
    public static FieldPath fields(String... names) {
        List<PathElement> elements = new ArrayList<>();
        for (String name : names) {
            elements.add(PathElement.field(name));
        }
        return new FieldPath(elements);
    }

    public FieldPath child(PathElement element) {
        List<PathElement> longer = new ArrayList<>(elements);
        longer.add(element);
        return new FieldPath(longer);
    }

    /** E.g. {@code .spec.template.spec.containers[name="nginx"].image}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        elements.forEach(out::append);
        return out.toString();
    }
}
