package dev.ordinal.registry.cel;

/**
 * An expression that does not compile. The message is cel-go's {@code Issues.String()}: one
 * {@code ERROR: <input>:line:column: text} line per issue, each followed by the source line and a
 * caret, which upstream quotes after {@code compilation failed: }.
 */
public class CelCompileException extends Exception {

    public CelCompileException(String message) {
        super(message);
    }
}
