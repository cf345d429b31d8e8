package dev.ordinal.kubelet.shell;

import java.util.function.Function;

/**
 * Evaluates {@code $((...))} as POSIX's arithmetic expansion (XCU 2.6.4), in signed 64-bit
 * integers: the C operators {@code || && == != < <= > >= + - * / % !} and unary minus, with
 * parentheses; a bare name or {@code $name} is the variable's value, 0 when unset or empty.
 */
final class ArithmeticEvaluator {

    private final String text;
    private final Function<String, String> variables;
    private int pos;

    private ArithmeticEvaluator(String text, Function<String, String> variables) {
        this.text = text;
        this.variables = variables;
    }

    static long evaluate(String expression, Function<String, String> variables) {
        ArithmeticEvaluator evaluator = new ArithmeticEvaluator(expression, variables);
        long value = evaluator.binary(0);
        evaluator.skipSpaces();
        if (evaluator.pos < expression.length()) {
            throw new ArithmeticException("arithmetic syntax error");
        }
        return value;
    }

    private static final String[][] LEVELS = {
        {"||"}, {"&&"}, {"==", "!="}, {"<=", ">=", "<", ">"}, {"+", "-"}, {"*", "/", "%"},
    };

    private long binary(int level) {
        if (level == LEVELS.length) {
            return unary();
        }
        long left = binary(level + 1);
        while (true) {
            String operator = operator(LEVELS[level]);
            if (operator == null) {
                return left;
            }
            long right = binary(level + 1);
            left = switch (operator) {
                case "||" -> (left != 0 || right != 0) ? 1 : 0;
                case "&&" -> (left != 0 && right != 0) ? 1 : 0;
                case "==" -> left == right ? 1 : 0;
                case "!=" -> left != right ? 1 : 0;
                case "<=" -> left <= right ? 1 : 0;
                case ">=" -> left >= right ? 1 : 0;
                case "<" -> left < right ? 1 : 0;
                case ">" -> left > right ? 1 : 0;
                case "+" -> left + right;
                case "-" -> left - right;
                case "*" -> left * right;
                case "/" -> divide(left, right, false);
                default -> divide(left, right, true);
            };
        }
    }

    private static long divide(long left, long right, boolean remainder) {
        if (right == 0) {
            throw new ArithmeticException("divide by zero");
        }
        return remainder ? left % right : left / right;
    }

    private long unary() {
        skipSpaces();
        if (pos >= text.length()) {
            throw new ArithmeticException("arithmetic syntax error");
        }
        char c = text.charAt(pos);
        if (c == '-' || c == '+' || c == '!') {
            pos++;
            long value = unary();
            return c == '-' ? -value : c == '+' ? value : (value == 0 ? 1 : 0);
        }
        if (c == '(') {
            pos++;
            long value = binary(0);
            skipSpaces();
            if (pos >= text.length() || text.charAt(pos) != ')') {
                throw new ArithmeticException("arithmetic syntax error");
            }
            pos++;
            return value;
        }
        int start = pos;
        if (Character.isDigit(c)) {
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            return Long.parseLong(text.substring(start, pos));
        }
        if (c == '$') {
            pos++;
            start = pos;
        }
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw new ArithmeticException("arithmetic syntax error");
        }
        String value = variables.apply(text.substring(start, pos));
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ArithmeticException("arithmetic syntax error");
        }
    }

    private String operator(String[] candidates) {
        skipSpaces();
        for (String candidate : candidates) {
            if (text.startsWith(candidate, pos)) {
                pos += candidate.length();
                return candidate;
            }
        }
        return null;
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }
}
