package dev.ordinal.kubelet.shell;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import dev.ordinal.registry.rest.TerminalSize;

/**
 * {@code stty size} and {@code stty -a}, as coreutils' report the terminal on standard input:
 * {@code size} is {@code rows columns}; {@code -a} gives the first line of its report, the line
 * with the window size (the modes after it are the fixed ones of a cooked pty, so they are left
 * out). Standard input that is no terminal fails as the ioctl does, exit 1.
 */
final class SttyTool implements Tool {

    @Override
    public int run(Invocation invocation) throws IOException {
        Optional<TerminalSize.Window> terminal = Terminal.window(invocation.io().in());
        if (terminal.isEmpty()) {
            return invocation.fail("standard input: Inappropriate ioctl for device", 1);
        }
        TerminalSize.Window window = terminal.get();
        List<String> args = invocation.args();
        if (args.equals(List.of("size"))) {
            invocation.io().print(window.rows() + " " + window.columns() + "\n");
            return 0;
        }
        if (args.equals(List.of("-a")) || args.equals(List.of("--all"))) {
            invocation.io().print("speed 38400 baud; rows " + window.rows() + "; columns " + window.columns()
                    + "; line = 0;\n");
            return 0;
        }
        return invocation.fail("invalid argument '" + String.join(" ", args) + "'\n"
                + "Try 'stty --help' for more information.", 1);
    }
}
