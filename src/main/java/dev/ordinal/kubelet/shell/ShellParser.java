package dev.ordinal.kubelet.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.ordinal.kubelet.shell.Syntax.AndOr;
import dev.ordinal.kubelet.shell.Syntax.Arithmetic;
import dev.ordinal.kubelet.shell.Syntax.Assignment;
import dev.ordinal.kubelet.shell.Syntax.CommandList;
import dev.ordinal.kubelet.shell.Syntax.CommandSubstitution;
import dev.ordinal.kubelet.shell.Syntax.Literal;
import dev.ordinal.kubelet.shell.Syntax.Parameter;
import dev.ordinal.kubelet.shell.Syntax.Part;
import dev.ordinal.kubelet.shell.Syntax.Pipeline;
import dev.ordinal.kubelet.shell.Syntax.Redirect;
import dev.ordinal.kubelet.shell.Syntax.Word;

/**
 * Parses shell scripts into {@link Syntax} trees, after POSIX's token recognition (XCU 2.3),
 * quoting (2.2) and grammar (2.10): the lexer and the recursive-descent parser share one cursor,
 * so a {@code $(...)} is parsed where it stands, by a nested parser. Here-documents, functions and
 * {@code case} are not part of this shell.
 */
final class ShellParser {

    private static final Set<String> REDIRECTIONS = Set.of("<", ">", ">>", ">|", "<&", ">&", "<>", "&>");
    private static final String META = " \t\n;&|<>()";

    private enum Kind { WORD, OPERATOR, NEWLINE, END }

    /** One token; a word is {@code plain} when it has no quoting or expansion at all. */
    private record Token(Kind kind, String text, Word word, boolean plain, int ioNumber) {
        boolean is(String operator) {
            return kind == Kind.OPERATOR && text.equals(operator);
        }

        boolean isReserved(String name) {
            return kind == Kind.WORD && plain && text.equals(name);
        }
    }

    private final String source;
    private int pos;
    private Token lookahead;

    private ShellParser(String source, int pos) {
        this.source = source;
        this.pos = pos;
    }

    /** The whole of {@code source} as one command list. */
    static CommandList parse(String source) {
        ShellParser parser = new ShellParser(source, 0);
        CommandList list = parser.list(Set.of());
        Token end = parser.peek();
        if (end.kind() != Kind.END) {
            throw unexpected(end);
        }
        return list;
    }

    private CommandList list(Set<String> terminators) {
        List<AndOr> items = new ArrayList<>();
        skipNewlines();
        while (!atEnd(terminators)) {
            AndOr item = andOr(false);
            Token separator = peek();
            if (separator.is(";")) {
                next();
            } else if (separator.is("&")) {
                next();
                item = new AndOr(item.pipelines(), item.operators(), true);
            } else if (separator.kind() != Kind.NEWLINE && !atEnd(terminators)) {
                throw unexpected(separator);
            }
            items.add(item);
            skipNewlines();
        }
        return new CommandList(items);
    }

    private boolean atEnd(Set<String> terminators) {
        Token token = peek();
        return token.kind() == Kind.END
                || token.kind() == Kind.OPERATOR && terminators.contains(token.text())
                || token.kind() == Kind.WORD && token.plain() && terminators.contains(token.text());
    }

    private AndOr andOr(boolean background) {
        List<Pipeline> pipelines = new ArrayList<>();
        List<String> operators = new ArrayList<>();
        pipelines.add(pipeline());
        while (peek().is("&&") || peek().is("||")) {
            operators.add(next().text());
            skipNewlines();
            pipelines.add(pipeline());
        }
        return new AndOr(pipelines, operators, background);
    }

    private Pipeline pipeline() {
        boolean negated = false;
        if (peek().isReserved("!")) {
            next();
            negated = true;
        }
        List<Syntax.Command> commands = new ArrayList<>();
        commands.add(command());
        while (peek().is("|")) {
            next();
            skipNewlines();
            commands.add(command());
        }
        return new Pipeline(commands, negated);
    }

    private Syntax.Command command() {
        Token token = peek();
        if (token.is("(")) {
            next();
            CommandList body = list(Set.of(")"));
            expectOperator(")");
            return new Syntax.Subshell(body, redirects());
        }
        if (token.kind() == Kind.WORD && token.plain()) {
            switch (token.text()) {
                case "{" -> {
                    next();
                    CommandList body = list(Set.of("}"));
                    expectReserved("}");
                    return new Syntax.Group(body, redirects());
                }
                case "if" -> {
                    return ifCommand();
                }
                case "for" -> {
                    return forCommand();
                }
                case "while", "until" -> {
                    next();
                    CommandList condition = list(Set.of("do"));
                    expectReserved("do");
                    CommandList body = list(Set.of("done"));
                    expectReserved("done");
                    return new Syntax.Loop(token.text().equals("until"), condition, body, redirects());
                }
                case "then", "else", "elif", "fi", "do", "done", "}" -> throw unexpected(token);
                default -> {
                    // an ordinary command name
                }
            }
        }
        return simple();
    }

    private Syntax.Command ifCommand() {
        next();
        List<CommandList> conditions = new ArrayList<>();
        List<CommandList> bodies = new ArrayList<>();
        CommandList otherwise = null;
        while (true) {
            conditions.add(list(Set.of("then")));
            expectReserved("then");
            bodies.add(list(Set.of("elif", "else", "fi")));
            Token token = expectReserved("elif", "else", "fi");
            if (token.text().equals("else")) {
                otherwise = list(Set.of("fi"));
                expectReserved("fi");
                break;
            }
            if (token.text().equals("fi")) {
                break;
            }
        }
        return new Syntax.If(conditions, bodies, otherwise, redirects());
    }

    private Syntax.Command forCommand() {
        next();
        Token name = next();
        if (name.kind() != Kind.WORD || !name.plain() || !name.text().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw unexpected(name);
        }
        skipNewlines();
        List<Word> words = null;
        if (peek().isReserved("in")) {
            next();
            words = new ArrayList<>();
            while (peek().kind() == Kind.WORD) {
                words.add(next().word());
            }
        }
        if (peek().is(";") || peek().kind() == Kind.NEWLINE) {
            next();
        }
        skipNewlines();
        expectReserved("do");
        CommandList body = list(Set.of("done"));
        expectReserved("done");
        return new Syntax.For(name.text(), words, body, redirects());
    }

    private Syntax.Command simple() {
        List<Assignment> assignments = new ArrayList<>();
        List<Word> words = new ArrayList<>();
        List<Redirect> redirects = new ArrayList<>();
        while (true) {
            Token token = peek();
            if (token.kind() == Kind.WORD) {
                next();
                Assignment assignment = words.isEmpty() ? assignment(token.word()) : null;
                if (assignment != null) {
                    assignments.add(assignment);
                } else {
                    words.add(token.word());
                }
            } else if (token.kind() == Kind.OPERATOR && REDIRECTIONS.contains(token.text())) {
                redirects.add(redirect());
            } else {
                break;
            }
        }
        if (assignments.isEmpty() && words.isEmpty() && redirects.isEmpty()) {
            throw unexpected(peek());
        }
        return new Syntax.Simple(assignments, words, redirects);
    }

    /** {@code NAME=value} when the word starts with an unquoted name and {@code =}. */
    private static Assignment assignment(Word word) {
        if (word.parts().isEmpty() || !(word.parts().get(0) instanceof Literal first) || first.quoted()) {
            return null;
        }
        int equals = first.text().indexOf('=');
        if (equals <= 0 || !first.text().substring(0, equals).matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return null;
        }
        List<Part> value = new ArrayList<>();
        if (equals + 1 < first.text().length()) {
            value.add(new Literal(first.text().substring(equals + 1), false));
        }
        value.addAll(word.parts().subList(1, word.parts().size()));
        return new Assignment(first.text().substring(0, equals), new Word(value));
    }

    private List<Redirect> redirects() {
        List<Redirect> redirects = new ArrayList<>();
        while (peek().kind() == Kind.OPERATOR && REDIRECTIONS.contains(peek().text())) {
            redirects.add(redirect());
        }
        return redirects;
    }

    private Redirect redirect() {
        Token operator = next();
        Token target = next();
        if (target.kind() != Kind.WORD) {
            throw unexpected(target);
        }
        return new Redirect(operator.ioNumber(), operator.text(), target.word());
    }

    private void skipNewlines() {
        while (peek().kind() == Kind.NEWLINE) {
            next();
        }
    }

    private Token expectOperator(String operator) {
        Token token = next();
        if (!token.is(operator)) {
            throw expected(token, operator);
        }
        return token;
    }

    private Token expectReserved(String... names) {
        Token token = next();
        for (String name : names) {
            if (token.isReserved(name)) {
                return token;
            }
        }
        throw expected(token, names[names.length - 1]);
    }

    private static ShellSyntaxError expected(Token token, String what) {
        if (token.kind() == Kind.END) {
            return new ShellSyntaxError("unexpected end of file (expecting \"" + what + "\")", true);
        }
        return unexpected(token);
    }

    private static ShellSyntaxError unexpected(Token token) {
        return switch (token.kind()) {
            case END -> new ShellSyntaxError("unexpected end of file", true);
            case NEWLINE -> new ShellSyntaxError("unexpected newline", false);
            default -> new ShellSyntaxError("unexpected \"" + token.text() + "\"", false);
        };
    }

    private Token peek() {
        if (lookahead == null) {
            lookahead = lex();
        }
        return lookahead;
    }

    private Token next() {
        Token token = peek();
        lookahead = null;
        return token;
    }

    // ---- the lexer

    private Token lex() {
        skipBlanks();
        if (pos >= source.length()) {
            return new Token(Kind.END, "", null, false, -1);
        }
        char c = source.charAt(pos);
        if (c == '\n') {
            pos++;
            return new Token(Kind.NEWLINE, "\n", null, false, -1);
        }
        String operator = operatorAt(pos);
        if (operator != null) {
            pos += operator.length();
            if (operator.equals("<<")) {
                throw new ShellSyntaxError("here-documents are not supported", false);
            }
            return new Token(Kind.OPERATOR, operator, null, false, -1);
        }
        int digits = pos;
        while (digits < source.length() && Character.isDigit(source.charAt(digits))) {
            digits++;
        }
        if (digits > pos && digits < source.length() && "<>".indexOf(source.charAt(digits)) >= 0) {
            int fd = Integer.parseInt(source.substring(pos, digits));
            String redirect = operatorAt(digits);
            pos = digits + redirect.length();
            return new Token(Kind.OPERATOR, redirect, null, false, fd);
        }
        int start = pos;
        Word word = word();
        boolean plain = word.parts().stream().allMatch(p -> p instanceof Literal l && !l.quoted());
        return new Token(Kind.WORD, source.substring(start, pos), word, plain, -1);
    }

    private String operatorAt(int at) {
        for (String operator : List.of("&&", "||", ";;", "<<", "<>", "<&", ">>", ">|", ">&", "&>", ";", "&", "|",
                "(", ")", "<", ">")) {
            if (source.startsWith(operator, at)) {
                return operator;
            }
        }
        return null;
    }

    private void skipBlanks() {
        while (pos < source.length()) {
            char c = source.charAt(pos);
            if (c == ' ' || c == '\t') {
                pos++;
            } else if (c == '\\' && pos + 1 < source.length() && source.charAt(pos + 1) == '\n') {
                pos += 2;
            } else if (c == '#') {
                while (pos < source.length() && source.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    /** An unquoted word, up to the next unquoted metacharacter. */
    private Word word() {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        while (pos < source.length() && META.indexOf(source.charAt(pos)) < 0) {
            char c = source.charAt(pos);
            if (c == '\\') {
                pos++;
                if (pos >= source.length()) {
                    break;
                }
                if (source.charAt(pos) != '\n') {
                    flush(parts, literal);
                    parts.add(new Literal(String.valueOf(source.charAt(pos)), true));
                }
                pos++;
            } else if (c == '\'') {
                flush(parts, literal);
                int end = source.indexOf('\'', pos + 1);
                if (end < 0) {
                    throw new ShellSyntaxError("unterminated quoted string", true);
                }
                parts.add(new Literal(source.substring(pos + 1, end), true));
                pos = end + 1;
            } else if (c == '"') {
                flush(parts, literal);
                pos++;
                parts.addAll(doubleQuoted());
            } else if (c == '$' || c == '`') {
                Part expansion = c == '$' ? dollar(false) : backquote(false);
                if (expansion != null) {
                    flush(parts, literal);
                    parts.add(expansion);
                } else {
                    literal.append('$');
                }
            } else {
                literal.append(c);
                pos++;
            }
        }
        flush(parts, literal);
        return new Word(parts);
    }

    /** The inside of {@code "..."}, the opening quote consumed; consumes the closing one. */
    private List<Part> doubleQuoted() {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        while (true) {
            if (pos >= source.length()) {
                throw new ShellSyntaxError("unterminated quoted string", true);
            }
            char c = source.charAt(pos);
            if (c == '"') {
                pos++;
                break;
            }
            if (c == '\\' && pos + 1 < source.length() && "$`\"\\\n".indexOf(source.charAt(pos + 1)) >= 0) {
                if (source.charAt(pos + 1) != '\n') {
                    literal.append(source.charAt(pos + 1));
                }
                pos += 2;
            } else if (c == '$' || c == '`') {
                Part expansion = c == '$' ? dollar(true) : backquote(true);
                if (expansion != null) {
                    flushQuoted(parts, literal);
                    parts.add(expansion);
                } else {
                    literal.append('$');
                }
            } else {
                literal.append(c);
                pos++;
            }
        }
        flushQuoted(parts, literal);
        if (parts.isEmpty()) {
            parts.add(new Literal("", true));
        }
        return parts;
    }

    /** An expansion at a {@code $}, or null (the {@code $} consumed) when it starts none. */
    private Part dollar(boolean quoted) {
        pos++;
        if (pos >= source.length()) {
            return null;
        }
        char c = source.charAt(pos);
        if (c == '(') {
            if (source.startsWith("((", pos)) {
                return arithmetic(quoted);
            }
            ShellParser nested = new ShellParser(source, pos + 1);
            CommandList body = nested.list(Set.of(")"));
            nested.expectOperator(")");
            pos = nested.pos;
            return new CommandSubstitution(body, quoted);
        }
        if (c == '{') {
            return braced(quoted);
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < source.length() && (Character.isLetterOrDigit(source.charAt(pos)) || source.charAt(pos) == '_')) {
                pos++;
            }
            return new Parameter(source.substring(start, pos), "", null, quoted);
        }
        if (Character.isDigit(c) || "?$#@*!-".indexOf(c) >= 0) {
            pos++;
            return new Parameter(String.valueOf(c), "", null, quoted);
        }
        return null;
    }

    private Part arithmetic(boolean quoted) {
        int start = pos + 2;
        int depth = 0;
        for (int i = start; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    if (!source.startsWith("))", i)) {
                        throw new ShellSyntaxError("missing '))'", false);
                    }
                    pos = i + 2;
                    return new Arithmetic(source.substring(start, i), quoted);
                }
                depth--;
            }
        }
        throw new ShellSyntaxError("missing '))'", true);
    }

    /** {@code ${...}}, at its {@code {}. */
    private Part braced(boolean quoted) {
        pos++;
        boolean length = false;
        if (pos + 1 < source.length() && source.charAt(pos) == '#' && source.charAt(pos + 1) != '}') {
            length = true;
            pos++;
        }
        int start = pos;
        if (pos < source.length() && "?$#@*!-".indexOf(source.charAt(pos)) >= 0) {
            pos++;
        } else {
            while (pos < source.length() && (Character.isLetterOrDigit(source.charAt(pos)) || source.charAt(pos) == '_')) {
                pos++;
            }
        }
        String name = source.substring(start, pos);
        if (name.isEmpty()) {
            throw new ShellSyntaxError("bad substitution", pos >= source.length());
        }
        if (length) {
            expectChar('}');
            return new Parameter(name, "length", null, quoted);
        }
        String operator = "";
        for (String candidate : List.of(":-", ":=", ":+", ":?", "##", "%%", "-", "=", "+", "?", "#", "%")) {
            if (source.startsWith(candidate, pos)) {
                operator = candidate;
                pos += candidate.length();
                break;
            }
        }
        Word argument = operator.isEmpty() ? null : wordUntilBrace(quoted);
        expectChar('}');
        return new Parameter(name, operator, argument, quoted);
    }

    /** The word of {@code ${name op word}}, up to the closing brace. */
    private Word wordUntilBrace(boolean quoted) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        while (pos < source.length() && source.charAt(pos) != '}') {
            char c = source.charAt(pos);
            if (c == '\\' && pos + 1 < source.length()) {
                literal.append(source.charAt(pos + 1));
                pos += 2;
            } else if (c == '\'' && !quoted) {
                int end = source.indexOf('\'', pos + 1);
                if (end < 0) {
                    throw new ShellSyntaxError("unterminated quoted string", true);
                }
                flush(parts, literal);
                parts.add(new Literal(source.substring(pos + 1, end), true));
                pos = end + 1;
            } else if (c == '"') {
                flush(parts, literal);
                pos++;
                parts.addAll(doubleQuoted());
            } else if (c == '$' || c == '`') {
                Part expansion = c == '$' ? dollar(quoted) : backquote(quoted);
                if (expansion != null) {
                    flush(parts, literal);
                    parts.add(expansion);
                } else {
                    literal.append('$');
                }
            } else {
                literal.append(c);
                pos++;
            }
        }
        if (literal.length() > 0) {
            parts.add(new Literal(literal.toString(), quoted));
        }
        return new Word(parts);
    }

    /** {@code `...`}: the old command substitution, whose inside is unescaped and parsed anew. */
    private Part backquote(boolean quoted) {
        StringBuilder inner = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= source.length()) {
                throw new ShellSyntaxError("unterminated quoted string", true);
            }
            char c = source.charAt(pos);
            if (c == '`') {
                pos++;
                break;
            }
            if (c == '\\' && pos + 1 < source.length() && "$`\\".indexOf(source.charAt(pos + 1)) >= 0) {
                inner.append(source.charAt(pos + 1));
                pos += 2;
            } else {
                inner.append(c);
                pos++;
            }
        }
        return new CommandSubstitution(parse(inner.toString()), quoted);
    }

    private void expectChar(char c) {
        if (pos >= source.length() || source.charAt(pos) != c) {
            throw new ShellSyntaxError("bad substitution", pos >= source.length());
        }
        pos++;
    }

    private static void flush(List<Part> parts, StringBuilder literal) {
        if (literal.length() > 0) {
            parts.add(new Literal(literal.toString(), false));
            literal.setLength(0);
        }
    }

    private static void flushQuoted(List<Part> parts, StringBuilder literal) {
        if (literal.length() > 0) {
            parts.add(new Literal(literal.toString(), true));
            literal.setLength(0);
        }
    }
}
