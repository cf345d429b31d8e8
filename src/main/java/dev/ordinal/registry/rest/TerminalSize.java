package dev.ordinal.registry.rest;

/**
 * The size of one session's terminal, as the kubelet keeps a pty's window size: it starts at
 * 0 rows by 0 columns, as a new pty does, and every resize the client sends replaces it. The
 * connection's reader writes it while the process reads it, so a size is replaced whole.
 */
public final class TerminalSize {

    /** One size of the window: the rows and columns {@code stty size} prints. */
    public record Window(int rows, int columns) {
    }

    private volatile Window window = new Window(0, 0);

    public void resize(int rows, int columns) {
        window = new Window(rows, columns);
    }

    public Window window() {
        return window;
    }
}
