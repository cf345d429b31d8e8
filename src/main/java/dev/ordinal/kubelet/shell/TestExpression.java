package dev.ordinal.kubelet.shell;

import java.io.IOException;
import java.util.List;

import dev.ordinal.kubelet.container.FileNode;

/**
 * {@code test} and {@code [} (XCU test): file tests, string tests and integer comparisons,
 * {@code !}, and {@code -a}/{@code -o} joining them; 0 true, 1 false, 2 a malformed expression.
 */
final class TestExpression {

    private final Invocation invocation;
    private final List<String> args;
    private int pos;

    private TestExpression(Invocation invocation, List<String> args) {
        this.invocation = invocation;
        this.args = args;
    }

    static int evaluate(Invocation invocation, List<String> args) throws IOException {
        if (args.isEmpty()) {
            return 1;
        }
        TestExpression test = new TestExpression(invocation, args);
        try {
            boolean result = test.or();
            if (test.pos != args.size()) {
                return invocation.fail("unexpected operator", 2);
            }
            return result ? 0 : 1;
        } catch (IllegalArgumentException e) {
            return invocation.fail(e.getMessage(), 2);
        }
    }

    private boolean or() {
        boolean result = and();
        while (pos < args.size() && args.get(pos).equals("-o")) {
            pos++;
            result |= and();
        }
        return result;
    }

    private boolean and() {
        boolean result = primary();
        while (pos < args.size() && args.get(pos).equals("-a")) {
            pos++;
            result &= primary();
        }
        return result;
    }

    private boolean primary() {
        if (pos >= args.size()) {
            throw new IllegalArgumentException("argument expected");
        }
        String first = args.get(pos);
        if (first.equals("!") && pos + 1 < args.size()) {
            pos++;
            return !primary();
        }
        if (pos + 2 < args.size() && isBinary(args.get(pos + 1))) {
            String left = first;
            String operator = args.get(pos + 1);
            String right = args.get(pos + 2);
            pos += 3;
            return binary(left, operator, right);
        }
        if (first.length() == 2 && first.startsWith("-") && pos + 1 < args.size()) {
            pos += 2;
            return unary(first, args.get(pos - 1));
        }
        pos++;
        return !first.isEmpty();
    }

    private static boolean isBinary(String operator) {
        return List.of("=", "==", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge").contains(operator);
    }

    private boolean binary(String left, String operator, String right) {
        switch (operator) {
            case "=", "==" -> {
                return left.equals(right);
            }
            case "!=" -> {
                return !left.equals(right);
            }
            default -> {
                long a = integer(left);
                long b = integer(right);
                return switch (operator) {
                    case "-eq" -> a == b;
                    case "-ne" -> a != b;
                    case "-lt" -> a < b;
                    case "-le" -> a <= b;
                    case "-gt" -> a > b;
                    default -> a >= b;
                };
            }
        }
    }

    private static long integer(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(text + ": integer expression expected");
        }
    }

    private boolean unary(String operator, String operand) {
        if (operator.equals("-z")) {
            return operand.isEmpty();
        }
        if (operator.equals("-n")) {
            return !operand.isEmpty();
        }
        FileNode node = invocation.filesystem().find(invocation.path(operand));
        return switch (operator) {
            case "-e", "-r", "-w" -> node != null;
            case "-f" -> node instanceof FileNode.RegularFile;
            case "-d" -> node instanceof FileNode.Directory;
            case "-c" -> node instanceof FileNode.Device;
            case "-s" -> node instanceof FileNode.RegularFile file && file.size() > 0
                    || node instanceof FileNode.Directory;
            case "-x" -> node != null && (node.mode() & 0111) != 0;
            case "-L", "-h" -> false;
            default -> throw new IllegalArgumentException(operator + ": unary operator expected");
        };
    }
}
