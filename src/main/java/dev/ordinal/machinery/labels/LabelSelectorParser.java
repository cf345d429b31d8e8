package dev.ordinal.machinery.labels;

import dev.ordinal.machinery.go.GoText;
import dev.ordinal.machinery.labels.LabelOperator;
import dev.ordinal.machinery.labels.LabelRequirement;
import dev.ordinal.machinery.labels.LabelSelectorLexer.Item;
import dev.ordinal.machinery.labels.LabelSelectorLexer.Token;
import dev.ordinal.machinery.labels.LabelSelectorLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Upstream's recursive-descent label selector parser ({@code labels.Parser}), its grammar and its
 * error messages:
 *
 * <pre>
 * selector    ::= requirement | requirement "," selector
 * requirement ::= ["!"] KEY [ ("in" | "notin") "(" values ")" | ("=" | "==" | "!=" | "&gt;" | "&lt;") VALUE ]
 * values      ::= VALUE | VALUE "," values        (a missing VALUE is the empty string)
 * </pre>
 */
final class LabelSelectorParser {

    /** Where {@code in} and {@code notin} are read as operators; everywhere else they are identifiers. */
    private enum Context { KEY_AND_OPERATOR, VALUES }

    /** Upstream's {@code binaryOperators}, listed when an operator was expected. */
    private static final String BINARY_OPERATORS = Stream.of(LabelOperator.IN, LabelOperator.NOT_IN,
                    LabelOperator.EQUALS, LabelOperator.DOUBLE_EQUALS, LabelOperator.NOT_EQUALS,
                    LabelOperator.GREATER_THAN, LabelOperator.LESS_THAN)
            .map(LabelOperator::upstreamName)
            .collect(Collectors.joining(", "));

    /** Upstream leaves the parser's field path unset, so key errors name the path {@code <nil>}. */
    private static final String NIL_PATH = "<nil>";

    private final List<Item> items;
    private int position;

    private LabelSelectorParser(List<Item> items) {
        this.items = items;
    }

    /**
     * The requirements of a selector, in the order written; an empty list for an empty selector.
     *
     * @throws InvalidSelectorException with upstream's message
     */
    static List<LabelRequirement> parse(String selector) {
        return new LabelSelectorParser(LabelSelectorLexer.scan(selector)).parseSelector();
    }

    private List<LabelRequirement> parseSelector() {
        List<LabelRequirement> requirements = new ArrayList<>();
        while (true) {
            Item next = lookahead(Context.VALUES);
            if (next.token() == Token.END_OF_STRING) {
                return requirements;
            }
            if (!startsRequirement(next)) {
                throw error("found '%s', expected: !, identifier, or 'end of string'", next.literal());
            }
            try {
                requirements.add(parseRequirement());
            } catch (InvalidSelectorException e) {
                throw error("unable to parse requirement: %s", e.getMessage());
            }
            Item after = consume(Context.VALUES);
            if (after.token() == Token.END_OF_STRING) {
                return requirements;
            }
            if (after.token() != Token.COMMA) {
                throw error("found '%s', expected: ',' or 'end of string'", after.literal());
            }
            Item afterComma = lookahead(Context.VALUES);
            if (!startsRequirement(afterComma)) {
                throw error("found '%s', expected: identifier after ','", afterComma.literal());
            }
        }
    }

    private static boolean startsRequirement(Item item) {
        return item.token() == Token.IDENTIFIER || item.token() == Token.DOES_NOT_EXIST;
    }

    private LabelRequirement parseRequirement() {
        Item first = consume(Context.VALUES);
        boolean negated = first.token() == Token.DOES_NOT_EXIST;
        Item keyItem = negated ? consume(Context.VALUES) : first;
        if (keyItem.token() != Token.IDENTIFIER) {
            throw error("found '%s', expected: identifier", keyItem.literal());
        }
        String key = keyItem.literal();
        List<String> keyErrors = dev.ordinal.machinery.Formats.qualifiedName(key);
        if (!keyErrors.isEmpty()) {
            throw new InvalidSelectorException(
                    FieldErrors.invalid(NIL_PATH, GoText.quote(key), String.join("; ", keyErrors)));
        }
        // As upstream, "!key" takes no operator even when one follows; the caller then rejects it.
        if (negated) {
            return LabelRequirement.create(key, LabelOperator.DOES_NOT_EXIST, List.of());
        }
        Token following = lookahead(Context.VALUES).token();
        if (following == Token.END_OF_STRING || following == Token.COMMA) {
            return LabelRequirement.create(key, LabelOperator.EXISTS, List.of());
        }
        LabelOperator operator = parseOperator();
        List<String> values = operator == LabelOperator.IN || operator == LabelOperator.NOT_IN
                ? parseValueSet()
                : parseExactValue();
        return LabelRequirement.create(key, operator, values);
    }

    private LabelOperator parseOperator() {
        Item item = consume(Context.KEY_AND_OPERATOR);
        return switch (item.token()) {
            case IN -> LabelOperator.IN;
            case EQUALS -> LabelOperator.EQUALS;
            case DOUBLE_EQUALS -> LabelOperator.DOUBLE_EQUALS;
            case GREATER_THAN -> LabelOperator.GREATER_THAN;
            case LESS_THAN -> LabelOperator.LESS_THAN;
            case NOT_IN -> LabelOperator.NOT_IN;
            case NOT_EQUALS -> LabelOperator.NOT_EQUALS;
            default -> throw error("found '%s', expected: %s", item.literal(), BINARY_OPERATORS);
        };
    }

    /** {@code ( values )}: sorted and distinct; {@code ()} is the set holding the empty string. */
    private List<String> parseValueSet() {
        Item open = consume(Context.VALUES);
        if (open.token() != Token.OPEN_PAR) {
            throw error("found '%s' expected: '('", open.literal());
        }
        Item next = lookahead(Context.VALUES);
        Set<String> values = new TreeSet<>(GoText.BYTE_ORDER);
        switch (next.token()) {
            case IDENTIFIER, COMMA -> parseValueList(values);
            case CLOSED_PAR -> values.add("");
            default -> throw error("found '%s', expected: ',', ')' or identifier", next.literal());
        }
        consume(Context.VALUES); // the ')' seen ahead
        return List.copyOf(values);
    }

    /**
     * Comma-separated values up to, not including, the {@code )}; an empty place between commas, or
     * after a leading or before the closing one, stands for the empty string.
     */
    private void parseValueList(Set<String> values) {
        while (true) {
            Item item = consume(Context.VALUES);
            if (item.token() == Token.IDENTIFIER) {
                values.add(item.literal());
                Item next = lookahead(Context.VALUES);
                if (next.token() == Token.CLOSED_PAR) {
                    return;
                }
                if (next.token() != Token.COMMA) {
                    throw error("found '%s', expected: ',' or ')'", next.literal());
                }
            } else if (item.token() == Token.COMMA) {
                if (values.isEmpty()) {
                    values.add("");
                }
                Token next = lookahead(Context.VALUES).token();
                if (next == Token.CLOSED_PAR || next == Token.COMMA) {
                    values.add("");
                }
                if (next == Token.CLOSED_PAR) {
                    return;
                }
            } else {
                throw error("found '%s', expected: ',', or identifier", item.literal());
            }
        }
    }

    /** The single value after {@code = == != > <}; nothing before a comma or the end is "". */
    private List<String> parseExactValue() {
        Token next = lookahead(Context.VALUES).token();
        if (next == Token.END_OF_STRING || next == Token.COMMA) {
            return List.of("");
        }
        Item item = consume(Context.VALUES);
        if (item.token() != Token.IDENTIFIER) {
            throw error("found '%s', expected: identifier", item.literal());
        }
        return List.of(item.literal());
    }

    private Item lookahead(Context context) {
        return inContext(items.get(position), context);
    }

    private Item consume(Context context) {
        return inContext(items.get(position++), context);
    }

    private static Item inContext(Item item, Context context) {
        boolean keyword = item.token() == Token.IN || item.token() == Token.NOT_IN;
        return context == Context.VALUES && keyword ? new Item(Token.IDENTIFIER, item.literal()) : item;
    }

    private static InvalidSelectorException error(String format, Object... args) {
        return new InvalidSelectorException(String.format(format, args));
    }
}
