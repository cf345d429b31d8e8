package dev.ordinal.kubelet.shell;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * {@code kill [-SIGNAL | -s SIGNAL] PID...} and {@code kill -l}, as busybox's: the signal
 * (TERM unless named, by name or number) goes to each process of the container's PID namespace,
 * which ends with {@code 128 + signal}; {@code kill 1} ends the main process and so the container.
 * A PID that names no process is {@code can't kill pid N: No such process}, exit 1.
 */
final class KillTool implements Tool {

    /** The signals by number, as {@code kill -l} lists them on Linux. */
    private static final List<String> SIGNALS = List.of("HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
            "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
            "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "POLL", "PWR", "SYS");
    private static final int SIGTERM = 15;

    @Override
    public int run(Invocation invocation) throws IOException {
        List<String> args = invocation.args();
        int signal = SIGTERM;
        int i = 0;
        if (!args.isEmpty() && args.get(0).equals("-l")) {
            StringBuilder out = new StringBuilder();
            for (int n = 1; n <= SIGNALS.size(); n++) {
                out.append(String.format("%2d) %s%n", n, SIGNALS.get(n - 1)));
            }
            invocation.io().print(out.toString());
            return 0;
        }
        if (!args.isEmpty() && args.get(0).equals("-s") && args.size() > 1) {
            signal = signal(args.get(1));
            i = 2;
        } else if (!args.isEmpty() && args.get(0).startsWith("-") && args.get(0).length() > 1) {
            signal = signal(args.get(0).substring(1));
            i = 1;
        }
        if (signal < 0) {
            return invocation.fail("bad signal name '" + args.get(i == 2 ? 1 : 0).replaceFirst("^-", "") + "'", 1);
        }
        if (i >= args.size()) {
            invocation.io().error("Usage: kill [-l] [-SIG] PID...\n");
            return 1;
        }
        int status = 0;
        for (String argument : args.subList(i, args.size())) {
            int pid;
            try {
                pid = Integer.parseInt(argument);
            } catch (NumberFormatException e) {
                status = invocation.fail("invalid number '" + argument + "'", 1);
                continue;
            }
            if (!invocation.container().processes().kill(pid, signal)) {
                status = invocation.fail("can't kill pid " + pid + ": No such process", 1);
            }
        }
        return status;
    }

    /** A signal by number or name (with or without SIG); -1 when it names none. */
    private static int signal(String name) {
        try {
            int number = Integer.parseInt(name);
            return number >= 0 && number <= SIGNALS.size() ? number : -1;
        } catch (NumberFormatException e) {
            String bare = name.toUpperCase(Locale.ROOT).replaceFirst("^SIG", "");
            int index = SIGNALS.indexOf(bare);
            return index < 0 ? -1 : index + 1;
        }
    }
}
