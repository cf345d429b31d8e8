package dev.ordinal.machinery.labels;

import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import dev.ordinal.machinery.go.GoText;
import dev.ordinal.machinery.labels.LabelOperator;
import dev.ordinal.machinery.labels.LabelRequirement;

/**
 * A label selector: the AND of its {@link LabelRequirement requirements} (upstream
 * {@code labels.Selector}). Three kinds exist, as upstream:
 * <ul>
 *   <li>{@link #everything()}, no requirement: matches every object, {@link #isEmpty()};</li>
 *   <li>{@link #nothing()}: matches no object (a {@code null} selector object);</li>
 *   <li>one or more requirements, kept sorted by key.</li>
 * </ul>
 */
public final class LabelSelector {

    private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
    private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

    private final List<LabelRequirement> requirements;
    private final boolean nothing;

    private LabelSelector(List<LabelRequirement> requirements, boolean nothing) {
        this.requirements = requirements;
        this.nothing = nothing;
    }

    /** The selector that matches every object (upstream {@code labels.Everything}). */
    public static LabelSelector everything() {
        return EVERYTHING;
    }

    /** The selector that matches no object (upstream {@code labels.Nothing}). */
    public static LabelSelector nothing() {
        return NOTHING;
    }

    /**
     * Parses a {@code labelSelector} query parameter as upstream {@code labels.Parse} does, e.g.
     * {@code "x in (foo,,baz),y,z notin ()"}. An empty or absent parameter selects everything.
     *
     * @param selector the URL-decoded parameter, or {@code null} when absent
     * @throws InvalidSelectorException with upstream's message, e.g.
     *     {@code unable to parse requirement: found 'b', expected: ',' or ')'}
     */
    public static LabelSelector parse(String selector) {
        if (selector == null) {
            return EVERYTHING;
        }
        return of(LabelSelectorParser.parse(selector));
    }

    /**
     * Converts a selector object as upstream {@code metav1.LabelSelectorAsSelector} does: a
     * {@code null} selector matches nothing, one without matchLabels and matchExpressions matches
     * everything; otherwise each matchLabels entry is a {@code key=value} requirement and each
     * matchExpression one of {@code In}, {@code NotIn}, {@code Exists}, {@code DoesNotExist}.
     *
     * @throws InvalidSelectorException with upstream's message, e.g.
     *     {@code "Gt" is not a valid label selector operator}
     */
    public static LabelSelector fromLabelSelector(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        if (selector == null) {
            return NOTHING;
        }
        Map<String, String> matchLabels = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        List<LabelSelectorRequirement> expressions =
                selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
        if (matchLabels.isEmpty() && expressions.isEmpty()) {
            return EVERYTHING;
        }
        List<LabelRequirement> requirements = new ArrayList<>();
        // Upstream walks a Go map, in no set order; by key, the first invalid entry reported is stable.
        Map<String, String> byKey = new TreeMap<>(GoText.BYTE_ORDER);
        byKey.putAll(matchLabels);
        byKey.forEach((key, value) -> requirements.add(
                LabelRequirement.create(key, LabelOperator.EQUALS, List.of(Objects.requireNonNullElse(value, "")))));
        for (LabelSelectorRequirement expression : expressions) {
            requirements.add(fromExpression(expression));
        }
        return of(requirements);
    }

    private static LabelRequirement fromExpression(LabelSelectorRequirement expression) {
        String operatorName = Objects.requireNonNullElse(expression.getOperator(), "");
        LabelOperator operator = switch (operatorName) {
            case "In" -> LabelOperator.IN;
            case "NotIn" -> LabelOperator.NOT_IN;
            case "Exists" -> LabelOperator.EXISTS;
            case "DoesNotExist" -> LabelOperator.DOES_NOT_EXIST;
            default -> throw new InvalidSelectorException(
                    GoText.quote(operatorName) + " is not a valid label selector operator");
        };
        List<String> values = new ArrayList<>();
        if (expression.getValues() != null) {
            expression.getValues().forEach(value -> values.add(Objects.requireNonNullElse(value, "")));
        }
        return LabelRequirement.create(Objects.requireNonNullElse(expression.getKey(), ""), operator, values);
    }

    /** Requirements sorted by key (stably, so requirements on one key keep their order), as upstream. */
    private static LabelSelector of(List<LabelRequirement> requirements) {
        List<LabelRequirement> sorted = new ArrayList<>(requirements);
        sorted.sort(Comparator.comparing(LabelRequirement::key, GoText.BYTE_ORDER));
        return sorted.isEmpty() ? EVERYTHING : new LabelSelector(List.copyOf(sorted), false);
    }

    /**
     * Whether an object with these labels is selected: every requirement matches; always for
     * {@link #everything()}, never for {@link #nothing()}.
     *
     * @param labels the object's labels; {@code null} counts as none
     */
    public boolean matches(Map<String, String> labels) {
        if (nothing) {
            return false;
        }
        for (LabelRequirement requirement : requirements) {
            if (!requirement.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the selector does not restrict selection (upstream {@code Empty}); false for {@link #nothing()}. */
    public boolean isEmpty() {
        return !nothing && requirements.isEmpty();
    }

    /** Whether this is {@link #nothing()}, which selects no object at all. */
    public boolean matchesNothing() {
        return nothing;
    }

    /** The requirements, sorted by key; empty for {@link #everything()} and {@link #nothing()}. */
    public List<LabelRequirement> requirements() {
        return requirements;
    }

    /**
     * Upstream canonical form: the requirements' strings joined by {@code ","}, e.g.
     * {@code "a in (x,y),b!=c,!d"}; empty for {@link #everything()} and {@link #nothing()}.
     */
    @Override
    public String toString() {
        return String.join(",", requirements.stream().map(LabelRequirement::toString).toList());
    }
}
