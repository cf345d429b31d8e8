package dev.ordinal.machinery.labels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Upstream's label selector lexer ({@code labels.Lexer}). Whitespace is space, tab, CR and LF;
 * {@code = ! ( ) , > <} are special symbols, scanned longest-match into operators; any other run of
 * characters is an identifier, or the keyword {@code in} / {@code notin}.
 *
 * <p>Like upstream, a NUL character is read as the end of input: at a token boundary it ends the
 * scan, right after a token it is skipped.
 */
final class LabelSelectorLexer {

    enum Token {
        END_OF_STRING, CLOSED_PAR, COMMA, DOES_NOT_EXIST, DOUBLE_EQUALS, EQUALS, GREATER_THAN,
        IDENTIFIER, IN, LESS_THAN, NOT_EQUALS, NOT_IN, OPEN_PAR
    }

    /** A token and the text it was scanned from (empty at the end of the input). */
    record Item(Token token, String literal) {
    }

    private static final char END = '\0';

    private static final Map<String, Token> LITERALS = Map.ofEntries(
            Map.entry(")", Token.CLOSED_PAR),
            Map.entry(",", Token.COMMA),
            Map.entry("!", Token.DOES_NOT_EXIST),
            Map.entry("==", Token.DOUBLE_EQUALS),
            Map.entry("=", Token.EQUALS),
            Map.entry(">", Token.GREATER_THAN),
            Map.entry("in", Token.IN),
            Map.entry("<", Token.LESS_THAN),
            Map.entry("!=", Token.NOT_EQUALS),
            Map.entry("notin", Token.NOT_IN),
            Map.entry("(", Token.OPEN_PAR));

    private final String input;
    private int position;

    private LabelSelectorLexer(String input) {
        this.input = input;
    }

    /** Every token of the input, the last one being {@link Token#END_OF_STRING}. */
    static List<Item> scan(String input) {
        LabelSelectorLexer lexer = new LabelSelectorLexer(input);
        List<Item> items = new ArrayList<>();
        Item item;
        do {
            item = lexer.next();
            items.add(item);
        } while (item.token() != Token.END_OF_STRING);
        return items;
    }

    private Item next() {
        char ch = read();
        while (isWhitespace(ch)) {
            ch = read();
        }
        if (ch == END) {
            return new Item(Token.END_OF_STRING, "");
        }
        unread();
        return isSpecialSymbol(ch) ? scanSpecialSymbol() : scanIdentifierOrKeyword();
    }

    /**
     * Extends the symbol while the longer text is still an operator ({@code ==}, {@code !=}). Every
     * special symbol is an operator on its own, so an item is always found.
     */
    private Item scanSpecialSymbol() {
        StringBuilder buffer = new StringBuilder();
        Item last = null;
        for (char ch = read(); ch != END; ch = read()) {
            if (!isSpecialSymbol(ch)) {
                unread();
                break;
            }
            buffer.append(ch);
            Token token = LITERALS.get(buffer.toString());
            if (token == null) {
                unread();
                break;
            }
            last = new Item(token, buffer.toString());
        }
        return last;
    }

    private Item scanIdentifierOrKeyword() {
        StringBuilder buffer = new StringBuilder();
        for (char ch = read(); ch != END; ch = read()) {
            if (isSpecialSymbol(ch) || isWhitespace(ch)) {
                unread();
                break;
            }
            buffer.append(ch);
        }
        String literal = buffer.toString();
        return new Item(LITERALS.getOrDefault(literal, Token.IDENTIFIER), literal);
    }

    private char read() {
        return position < input.length() ? input.charAt(position++) : END;
    }

    private void unread() {
        position--;
    }

    private static boolean isWhitespace(char ch) {
        return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
    }

    private static boolean isSpecialSymbol(char ch) {
        return switch (ch) {
            case '=', '!', '(', ')', ',', '>', '<' -> true;
            default -> false;
        };
    }
}
