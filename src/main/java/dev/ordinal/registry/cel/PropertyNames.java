package dev.ordinal.registry.cel;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Upstream's {@code cel.Escape}: how a schema property name is spelled in CEL. CEL keywords become
 * {@code __keyword__}; {@code __}, {@code .}, {@code -} and {@code /} become {@code __underscores__},
 * {@code __dot__}, {@code __dash__} and {@code __slash__}; names with other characters, or starting
 * with a digit, cannot be reached from CEL at all.
 */
final class PropertyNames {

    private static final Set<String> RESERVED = Set.of("true", "false", "null", "in", "as", "break", "const",
            "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return",
            "var", "void", "while");
    private static final Pattern ESCAPABLE = Pattern.compile("[a-zA-Z_./-][a-zA-Z0-9_./-]*");

    private PropertyNames() {
    }

    static Optional<String> escape(String name) {
        if (RESERVED.contains(name)) {
            return Optional.of("__" + name + "__");
        }
        if (!ESCAPABLE.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of(name.replace("__", "__underscores__").replace(".", "__dot__").replace("-", "__dash__")
                .replace("/", "__slash__"));
    }
}
