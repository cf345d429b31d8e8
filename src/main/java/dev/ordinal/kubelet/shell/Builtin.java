package dev.ordinal.kubelet.shell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.ordinal.kubelet.container.ContainerFilesystem;
import dev.ordinal.kubelet.container.FileError;

/**
 * The commands a shell runs itself because they change it (XCU 2.14's special built-ins and
 * {@code cd}, {@code read}, {@code wait}, {@code command}, {@code type}).
 */
enum Builtin {
    COLON(":") {
        @Override
        int run(Shell shell, List<String> args, Io io) {
            return 0;
        }
    },
    CD("cd") {
        @Override
        int run(Shell shell, List<String> args, Io io) throws IOException {
            String target = args.isEmpty() ? shell.variable("HOME", "/") : args.get(0);
            String path = ContainerFilesystem.resolve(shell.cwd(), target);
            if (!shell.container().filesystem().isDirectory(path)) {
                String reason = shell.container().filesystem().exists(path) ? FileError.NOT_A_DIRECTORY
                        : FileError.NOT_FOUND;
                io.error("sh: cd: can't cd to " + target + ": " + reason + "\n");
                return 2;
            }
            shell.assign("OLDPWD", shell.cwd());
            shell.setCwd(path);
            shell.assign("PWD", path);
            return 0;
        }
    },
    PWD("pwd") {
        @Override
        int run(Shell shell, List<String> args, Io io) throws IOException {
            io.print(shell.cwd() + "\n");
            return 0;
        }
    },
    EXPORT("export") {
        @Override
        int run(Shell shell, List<String> args, Io io) throws IOException {
            if (args.isEmpty() || args.equals(List.of("-p"))) {
                for (Map.Entry<String, String> variable : shell.environment().entrySet()) {
                    io.print("export " + variable.getKey() + "='" + variable.getValue().replace("'", "'\"'\"'")
                            + "'\n");
                }
                return 0;
            }
            for (String arg : args) {
                int equals = arg.indexOf('=');
                String name = equals < 0 ? arg : arg.substring(0, equals);
                if (equals >= 0) {
                    shell.assign(name, arg.substring(equals + 1));
                }
                shell.export(name);
            }
            return 0;
        }
    },
    UNSET("unset") {
        @Override
        int run(Shell shell, List<String> args, Io io) {
            args.stream().filter(arg -> !arg.startsWith("-")).forEach(shell::unset);
            return 0;
        }
    },
    EXIT("exit") {
        @Override
        int run(Shell shell, List<String> args, Io io) throws IOException {
            if (args.isEmpty()) {
                throw ShellExit.exit(shell.status());
            }
            try {
                throw ShellExit.exit(Integer.parseInt(args.get(0)) & 0xff);
            } catch (NumberFormatException e) {
                io.error("sh: exit: Illegal number: " + args.get(0) + "\n");
                throw ShellExit.exit(2);
            }
        }
    },
    BREAK("break") {
        @Override
        int run(Shell shell, List<String> args, Io io) {
            throw ShellExit.loop(ShellExit.Kind.BREAK, levels(args));
        }
    },
    CONTINUE("continue") {
        @Override
        int run(Shell shell, List<String> args, Io io) {
            throw ShellExit.loop(ShellExit.Kind.CONTINUE, levels(args));
        }
    },
    /** {@code set -e} (errexit), {@code set +e} and {@code set -- args}; other options change nothing here. */
    SET("set") {
        @Override
        int run(Shell shell, List<String> args, Io io) throws IOException {
            if (args.isEmpty()) {
                for (Map.Entry<String, String> variable : shell.environment().entrySet()) {
                    io.print(variable.getKey() + "='" + variable.getValue() + "'\n");
                }
                return 0;
            }
            int i = 0;
            for (; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("--")) {
                    i++;
                    break;
                }
                if (!arg.startsWith("-") && !arg.startsWith("+")) {
                    break;
                }
                if (arg.substring(1).contains("e")) {
                    shell.setErrexit(arg.startsWith("-"));
                }
            }
            if (i < args.size() || args.contains("--")) {
                shell.setArguments(shell.parameter("0"), args.subList(i, args.size()));
            }
            return 0;
        }
    },
    SHIFT("shift") {
        @Override
        int run(Shell shell, List<String> args, Io io) {
            int n = args.isEmpty() ? 1 : Integer.parseInt(args.get(0));
            List<String> positional = shell.positional();
            if (n > positional.size()) {
                return 1;
            }
            shell.setArguments(shell.parameter("0"), positional.subList(n, positional.size()));
            return 0;
        }
    },
    /** {@code read [-r] name...}: one line of input, split over the names, the last taking the rest. */
    READ("read") {
        @Override
        int run(Shell shell, List<String> args, Io io) throws IOException {
            List<String> names = args.stream().filter(arg -> !arg.startsWith("-")).toList();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            boolean ended = true;
            while ((b = io.in().read()) >= 0) {
                if (b == '\n') {
                    ended = false;
                    break;
                }
                line.write(b);
            }
            String text = line.toString(StandardCharsets.UTF_8);
            if (names.isEmpty()) {
                names = List.of("REPLY");
            }
            String rest = text.strip();
            for (int i = 0; i < names.size(); i++) {
                if (i == names.size() - 1) {
                    shell.assign(names.get(i), rest);
                } else {
                    String[] split = rest.split("[ \t]+", 2);
                    shell.assign(names.get(i), split[0]);
                    rest = split.length > 1 ? split[1] : "";
                }
            }
            return ended ? 1 : 0;
        }
    },
    EVAL("eval") {
        @Override
        int run(Shell shell, List<String> args, Io io) {
            try {
                return shell.execute(ShellParser.parse(String.join(" ", args)), io);
            } catch (ShellSyntaxError e) {
                Shell.print(io.err(), "sh: " + e.getMessage() + "\n");
                return 2;
            }
        }
    },
    DOT(".") {
        @Override
        int run(Shell shell, List<String> args, Io io) throws IOException {
            if (args.isEmpty()) {
                return 0;
            }
            String path = ContainerFilesystem.resolve(shell.cwd(), args.get(0));
            try {
                String script = new String(shell.container().filesystem().read(path), StandardCharsets.UTF_8);
                return shell.execute(ShellParser.parse(script), io);
            } catch (FileError e) {
                io.error("sh: .: can't open '" + args.get(0) + "'\n");
                return 2;
            } catch (ShellSyntaxError e) {
                io.error("sh: " + args.get(0) + ": " + e.getMessage() + "\n");
                return 2;
            }
        }
    },
    SOURCE("source") {
        @Override
        int run(Shell shell, List<String> args, Io io) throws IOException {
            return DOT.run(shell, args, io);
        }
    },
    /** {@code exec cmd args}: the command replaces the shell, which ends with its status. */
    EXEC("exec") {
        @Override
        int run(Shell shell, List<String> args, Io io) {
            if (args.isEmpty()) {
                return 0;
            }
            throw ShellExit.exit(shell.command(args, Map.of(), io));
        }
    },
    WAIT("wait") {
        @Override
        int run(Shell shell, List<String> args, Io io) {
            shell.awaitBackground();
            return 0;
        }
    },
    COMMAND("command") {
        @Override
        int run(Shell shell, List<String> args, Io io) throws IOException {
            if (!args.isEmpty() && (args.get(0).equals("-v") || args.get(0).equals("-V"))) {
                int status = 0;
                for (String name : args.subList(1, args.size())) {
                    String where = locate(shell, name);
                    if (where == null) {
                        status = 1;
                    } else {
                        io.print(where + "\n");
                    }
                }
                return status;
            }
            return args.isEmpty() ? 0 : shell.command(new ArrayList<>(args), Map.of(), io);
        }
    },
    TYPE("type") {
        @Override
        int run(Shell shell, List<String> args, Io io) throws IOException {
            int status = 0;
            for (String name : args) {
                String where = locate(shell, name);
                if (where == null) {
                    io.print(name + ": not found\n");
                    status = 1;
                } else {
                    io.print(name + " is " + (where.startsWith("/") ? where : "a shell builtin") + "\n");
                }
            }
            return status;
        }
    };

    private final String command;

    Builtin(String command) {
        this.command = command;
    }

    abstract int run(Shell shell, List<String> args, Io io) throws IOException;

    static Builtin named(String name) {
        for (Builtin builtin : values()) {
            if (builtin.command.equals(name)) {
                return builtin;
            }
        }
        return null;
    }

    /** Where a command name is found: a built-in's name, a program's path, or null. */
    private static String locate(Shell shell, String name) {
        if (named(name) != null) {
            return name;
        }
        return Tools.find(name, shell.container().filesystem()) == null ? null
                : name.contains("/") ? name : Tools.BIN + "/" + name;
    }

    private static int levels(List<String> args) {
        return args.isEmpty() ? 1 : Math.max(1, Integer.parseInt(args.get(0)));
    }
}
