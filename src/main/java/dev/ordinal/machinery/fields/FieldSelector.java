package dev.ordinal.machinery.fields;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.ordinal.machinery.fields.FieldOperator;
import dev.ordinal.machinery.fields.FieldRequirement;
import dev.ordinal.machinery.go.GoText;
import dev.ordinal.machinery.labels.InvalidSelectorException;

/**
 * A field selector: the AND of its {@link FieldRequirement terms} (upstream {@code fields.Selector}).
 *
 * <p>Which fields exist is the registry's business: it checks {@link #fieldNames()} against a kind's
 * supported fields ({@link #requireSupportedFields(Set)}) and matches objects through a map of their
 * field values.
 */
public final class FieldSelector {

    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    private final List<FieldRequirement> requirements;

    private FieldSelector(List<FieldRequirement> requirements) {
        this.requirements = requirements;
    }

    /** The selector that matches every object (upstream {@code fields.Everything}). */
    public static FieldSelector everything() {
        return EVERYTHING;
    }

    /**
     * Parses a {@code fieldSelector} query parameter as upstream {@code fields.ParseSelector} does:
     * comma-separated {@code field=value}, {@code field==value} or {@code field!=value} terms, sorted
     * as text; empty terms are skipped, and so is a term with neither field nor value ({@code =}).
     *
     * @param selector the URL-decoded parameter, or {@code null} when absent
     * @throws InvalidSelectorException with upstream's message, e.g.
     *     {@code invalid selector: 'a=b,c'; can't understand 'c'}
     */
    public static FieldSelector parse(String selector) {
        if (selector == null) {
            return EVERYTHING;
        }
        List<String> terms = FieldSelectorSyntax.splitTerms(selector);
        terms.sort(GoText.BYTE_ORDER);
        List<FieldRequirement> requirements = new ArrayList<>();
        for (String term : terms) {
            if (term.isEmpty()) {
                continue;
            }
            FieldSelectorSyntax.Term split = FieldSelectorSyntax.splitTerm(term);
            if (split == null) {
                throw new InvalidSelectorException(
                        "invalid selector: '" + selector + "'; can't understand '" + term + "'");
            }
            String value = FieldSelectorSyntax.unescape(split.escapedValue());
            if (!split.field().isEmpty() || !value.isEmpty()) {
                requirements.add(new FieldRequirement(split.field(), split.operator(), value));
            }
        }
        return requirements.isEmpty() ? EVERYTHING : new FieldSelector(List.copyOf(requirements));
    }

    /**
     * Whether an object with these field values is selected. A field absent from the map reads as
     * the empty string, as upstream's {@code fields.Set}.
     *
     * @param fields the object's field values; {@code null} counts as none
     */
    public boolean matches(Map<String, String> fields) {
        for (FieldRequirement requirement : requirements) {
            if (!requirement.matches(fields)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the selector does not restrict selection (upstream {@code Empty}). */
    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    /** The terms, in the order upstream keeps them (sorted as written). */
    public List<FieldRequirement> requirements() {
        return requirements;
    }

    /** The distinct field names the terms test, in term order. */
    public Set<String> fieldNames() {
        Set<String> names = new LinkedHashSet<>();
        requirements.forEach(requirement -> names.add(requirement.field()));
        return names;
    }

    /**
     * Refuses a field the kind does not support, with the message of upstream's field label
     * conversion; the first unsupported field in term order is reported.
     *
     * @throws InvalidSelectorException {@code field label not supported: <name>}
     */
    public void requireSupportedFields(Set<String> supported) {
        for (String name : fieldNames()) {
            if (!supported.contains(name)) {
                throw new InvalidSelectorException("field label not supported: " + name);
            }
        }
    }

    /**
     * Upstream {@code RequiresExactMatch}: the value an {@code =} term demands of the field, if any,
     * so a caller can look one object up instead of scanning.
     */
    public Optional<String> requiresExactMatch(String field) {
        return requirements.stream()
                .filter(r -> r.operator() == FieldOperator.EQUALS && r.field().equals(field))
                .map(FieldRequirement::value)
                .findFirst();
    }

    /** Upstream canonical form: the terms joined by {@code ","}, values escaped; empty for everything. */
    @Override
    public String toString() {
        return String.join(",", requirements.stream().map(FieldRequirement::toString).toList());
    }
}
