package dev.ordinal.kubelet.shell;

/**
 * A script the shell cannot parse, with the message a shell prints after {@code sh: }. An
 * {@code incomplete} one ended too early (an open quote, an {@code if} without {@code fi}): an
 * interactive shell reads another line instead of failing.
 */
public final class ShellSyntaxError extends RuntimeException {

    private final boolean incomplete;

    ShellSyntaxError(String message, boolean incomplete) {
        super("syntax error: " + message);
        this.incomplete = incomplete;
    }

    public boolean incomplete() {
        return incomplete;
    }
}
