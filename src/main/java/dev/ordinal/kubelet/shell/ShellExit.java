package dev.ordinal.kubelet.shell;

/**
 * Unwinds the shell: {@code exit} ends the (sub)shell with its status; {@code break} and
 * {@code continue} leave {@code levels} enclosing loops.
 */
final class ShellExit extends RuntimeException {

    enum Kind { EXIT, BREAK, CONTINUE }

    final Kind kind;
    final int status;
    final int levels;

    private ShellExit(Kind kind, int status, int levels) {
        super(null, null, false, false);
        this.kind = kind;
        this.status = status;
        this.levels = levels;
    }

    static ShellExit exit(int status) {
        return new ShellExit(Kind.EXIT, status, 0);
    }

    static ShellExit loop(Kind kind, int levels) {
        return new ShellExit(kind, 0, levels);
    }
}
