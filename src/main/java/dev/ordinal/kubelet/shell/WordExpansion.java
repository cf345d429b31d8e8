package dev.ordinal.kubelet.shell;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.ordinal.kubelet.container.ContainerFilesystem;
import dev.ordinal.kubelet.container.FileNode;
import dev.ordinal.kubelet.shell.Syntax.Arithmetic;
import dev.ordinal.kubelet.shell.Syntax.CommandSubstitution;
import dev.ordinal.kubelet.shell.Syntax.Literal;
import dev.ordinal.kubelet.shell.Syntax.Parameter;
import dev.ordinal.kubelet.shell.Syntax.Part;
import dev.ordinal.kubelet.shell.Syntax.Word;

/**
 * Word expansion in POSIX's order (XCU 2.6): tilde, parameter, command substitution and
 * arithmetic, then field splitting of what unquoted expansions produced, then pathname expansion
 * of unquoted wildcards, then quote removal (quotes were already taken off by the parser, which
 * marks each part quoted or not).
 */
final class WordExpansion {

    private final Shell shell;
    private final Io io;
    private final List<Field> fields = new ArrayList<>();
    private Field current = new Field();
    private boolean pendingBreak;

    /** One field being built: its text and, per character, whether it may be a wildcard. */
    private static final class Field {
        final StringBuilder text = new StringBuilder();
        final StringBuilder wild = new StringBuilder();
        boolean quoted;
    }

    private WordExpansion(Shell shell, Io io) {
        this.shell = shell;
        this.io = io;
        fields.add(current);
    }

    /** The fields of command words, split and with pathnames expanded. */
    static List<String> fields(Shell shell, Io io, List<Word> words) {
        List<String> result = new ArrayList<>();
        for (Word word : words) {
            WordExpansion expansion = new WordExpansion(shell, io);
            expansion.expand(word, true);
            result.addAll(expansion.finish(true));
        }
        return result;
    }

    /** One string, as for an assignment or a redirection's target: no splitting, no pathnames. */
    static String string(Shell shell, Io io, Word word) {
        WordExpansion expansion = new WordExpansion(shell, io);
        expansion.expand(word, false);
        return expansion.current.text.toString();
    }

    private void expand(Word word, boolean split) {
        List<Part> parts = word.parts();
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            if (part instanceof Literal literal) {
                String text = literal.text();
                if (i == 0 && !literal.quoted() && text.startsWith("~") && (text.length() == 1 || text.charAt(1) == '/')) {
                    text = shell.variable("HOME", "/") + text.substring(1);
                }
                append(text, literal.quoted(), !literal.quoted());
            } else if (part instanceof Parameter parameter) {
                if (parameter.quoted() && parameter.operator().isEmpty() && parameter.name().equals("@")) {
                    quotedPositional();
                } else {
                    expansionResult(parameter(parameter), parameter.quoted(), split);
                }
            } else if (part instanceof CommandSubstitution substitution) {
                expansionResult(shell.substitute(substitution.body(), io), substitution.quoted(), split);
            } else {
                Arithmetic arithmetic = (Arithmetic) part;
                expansionResult(arithmetic(arithmetic.expression()), arithmetic.quoted(), split);
            }
        }
    }

    /** {@code "$@"}: one field per positional parameter, none when there are none. */
    private void quotedPositional() {
        List<String> positional = shell.positional();
        for (int i = 0; i < positional.size(); i++) {
            if (i > 0) {
                current = new Field();
                fields.add(current);
            }
            append(positional.get(i), true, false);
        }
    }

    private void expansionResult(String value, boolean quoted, boolean split) {
        if (quoted || !split) {
            append(value, quoted, false);
            return;
        }
        String separators = shell.variable("IFS", " \t\n");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (separators.indexOf(c) >= 0) {
                if (current.text.length() > 0 || current.quoted) {
                    pendingBreak = true;
                }
            } else {
                append(String.valueOf(c), false, false);
            }
        }
    }

    private void append(String text, boolean quoted, boolean wildcards) {
        if (pendingBreak) {
            current = new Field();
            fields.add(current);
            pendingBreak = false;
        }
        current.text.append(text);
        current.wild.append(String.valueOf(wildcards ? 'y' : 'n').repeat(text.length()));
        current.quoted |= quoted;
    }

    private List<String> finish(boolean pathnames) {
        List<String> result = new ArrayList<>();
        for (Field field : fields) {
            if (field.text.length() == 0 && !field.quoted) {
                continue;
            }
            List<String> matches = pathnames ? pathnames(field) : List.of();
            if (matches.isEmpty()) {
                result.add(field.text.toString());
            } else {
                result.addAll(matches);
            }
        }
        return result;
    }

    private String parameter(Parameter parameter) {
        String name = parameter.name();
        String value = shell.parameter(name);
        boolean set = value != null;
        String operator = parameter.operator();
        if (operator.equals("length")) {
            return String.valueOf(set ? value.length() : 0);
        }
        boolean emptyCounts = operator.startsWith(":");
        boolean missing = !set || (emptyCounts && value.isEmpty());
        switch (operator) {
            case "" -> {
                return set ? value : "";
            }
            case ":-", "-" -> {
                return missing ? string(shell, io, parameter.argument()) : value;
            }
            case ":=", "=" -> {
                if (missing) {
                    value = string(shell, io, parameter.argument());
                    shell.assign(name, value);
                }
                return value;
            }
            case ":+", "+" -> {
                return missing ? "" : string(shell, io, parameter.argument());
            }
            case ":?", "?" -> {
                if (missing) {
                    String message = string(shell, io, parameter.argument());
                    try {
                        io.error("sh: " + name + ": " + (message.isEmpty() ? "parameter not set" : message) + "\n");
                    } catch (IOException ignored) {
                        // stderr is gone; the shell exits all the same
                    }
                    throw ShellExit.exit(1);
                }
                return value;
            }
            default -> {
                return trim(set ? value : "", operator, string(shell, io, parameter.argument()));
            }
        }
    }

    /** {@code # ## % %%}: the shortest or longest prefix or suffix matching the pattern removed. */
    private static String trim(String value, String operator, String pattern) {
        Pattern regex = Patterns.compile(pattern);
        boolean prefix = operator.startsWith("#");
        boolean longest = operator.length() == 2;
        int n = value.length();
        for (int k = 0; k <= n; k++) {
            int length = longest ? n - k : k;
            String candidate = prefix ? value.substring(0, length) : value.substring(n - length);
            if (regex.matcher(candidate).matches()) {
                return prefix ? value.substring(length) : value.substring(0, n - length);
            }
        }
        return value;
    }

    private String arithmetic(String expression) {
        try {
            return String.valueOf(ArithmeticEvaluator.evaluate(expression, name -> shell.parameter(name)));
        } catch (ArithmeticException e) {
            try {
                io.error("sh: arithmetic syntax error\n");
            } catch (IOException ignored) {
                // stderr is gone; the shell exits all the same
            }
            throw ShellExit.exit(2);
        }
    }

    /** The paths a field with unquoted wildcards matches, sorted; empty when none (it stays as it is). */
    private List<String> pathnames(Field field) {
        String text = field.text.toString();
        boolean wild = false;
        for (int i = 0; i < text.length(); i++) {
            wild |= field.wild.charAt(i) == 'y' && "*?[".indexOf(text.charAt(i)) >= 0;
        }
        if (!wild) {
            return List.of();
        }
        boolean absolute = text.startsWith("/");
        List<String> matches = new ArrayList<>();
        matches.add(absolute ? "/" : "");
        for (String component : text.split("/")) {
            if (component.isEmpty()) {
                continue;
            }
            List<String> next = new ArrayList<>();
            for (String base : matches) {
                String directory = ContainerFilesystem.resolve(shell.cwd(), base.isEmpty() ? "." : base);
                String prefix = base.isEmpty() || base.endsWith("/") ? base : base + "/";
                if (!Patterns.hasWildcard(component)) {
                    if (shell.container().filesystem().exists(ContainerFilesystem.resolve(directory, component))) {
                        next.add(prefix + component);
                    }
                    continue;
                }
                if (!(shell.container().filesystem().find(directory) instanceof FileNode.Directory entries)) {
                    continue;
                }
                Pattern pattern = Patterns.compile(component);
                for (String name : entries.names()) {
                    if ((!name.startsWith(".") || component.startsWith(".")) && pattern.matcher(name).matches()) {
                        next.add(prefix + name);
                    }
                }
            }
            matches = next;
        }
        return matches.stream().sorted().toList();
    }
}
