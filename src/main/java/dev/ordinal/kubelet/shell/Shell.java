package dev.ordinal.kubelet.shell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ordinal.kubelet.container.Container;
import dev.ordinal.kubelet.container.ContainerFilesystem;
import dev.ordinal.kubelet.container.FileError;
import dev.ordinal.kubelet.shell.Syntax.AndOr;
import dev.ordinal.kubelet.shell.Syntax.CommandList;
import dev.ordinal.kubelet.shell.Syntax.Pipeline;
import dev.ordinal.kubelet.shell.Syntax.Redirect;

/**
 * A POSIX shell, as small as a container's {@code sh}: it runs scripts ({@code sh -c}), single
 * commands (what {@code kubectl exec} names) and interactive sessions inside one simulated
 * {@link Container}, with the variables, working directory and positional parameters a shell
 * keeps; subshells, pipeline stages and command substitutions run in copies of it. Programs are
 * the {@link Tools}; {@code cd}, {@code export}, {@code exit} and the like are built in, since
 * they change the shell itself.
 */
public final class Shell {

    private static final AtomicInteger PIDS = new AtomicInteger(100);

    private final Container container;
    private final Map<String, String> variables;
    private final Set<String> exported;
    private final boolean terminal;
    private final int pid;
    private String cwd;
    private String name;
    private List<String> positional;
    private int status;
    private int substitutions;
    private boolean errexit;
    private boolean exempt;
    private int conditions;
    private final List<Thread> background;

    /** A shell started in {@code container} with its environment and working directory. */
    public Shell(Container container, boolean terminal) {
        this.container = container;
        this.variables = new LinkedHashMap<>(container.environment());
        this.exported = new LinkedHashSet<>(container.environment().keySet());
        this.terminal = terminal;
        this.pid = PIDS.incrementAndGet();
        this.cwd = container.workingDir().isEmpty() ? "/" : container.workingDir();
        this.name = "sh";
        this.positional = List.of();
        this.background = new ArrayList<>();
    }

    private Shell(Shell parent, Map<String, String> environment) {
        this.container = parent.container;
        this.variables = new LinkedHashMap<>(environment == null ? parent.variables : environment);
        this.exported = new LinkedHashSet<>(environment == null ? parent.exported : environment.keySet());
        this.terminal = parent.terminal;
        this.pid = environment == null ? parent.pid : PIDS.incrementAndGet();
        this.cwd = parent.cwd;
        this.name = parent.name;
        this.positional = parent.positional;
        this.status = parent.status;
        this.errexit = environment == null && parent.errexit;
        this.background = new ArrayList<>();
    }

    /** A copy for a subshell, a pipeline stage or a command substitution. */
    Shell subshell() {
        return new Shell(this, null);
    }

    /** A new shell process started with {@code environment}, as {@code sh} started from this one. */
    Shell child(Map<String, String> environment) {
        return new Shell(this, environment);
    }

    public Container container() {
        return container;
    }

    String cwd() {
        return cwd;
    }

    void setCwd(String cwd) {
        this.cwd = cwd;
    }

    boolean terminal() {
        return terminal;
    }

    List<String> positional() {
        return positional;
    }

    void setArguments(String name, List<String> positional) {
        this.name = name;
        this.positional = List.copyOf(positional);
    }

    /** Runs a program with its arguments, as {@code kubectl exec pod -- argv...} does. */
    public int execute(List<String> argv, Io io) {
        try {
            return command(argv, Map.of(), io);
        } catch (ShellExit exit) {
            return exit.status;
        }
    }

    /** Runs a script, as {@code sh -c script} does; a syntax error is status 2. */
    public int run(String script, Io io) {
        try {
            return execute(ShellParser.parse(script), io);
        } catch (ShellSyntaxError e) {
            print(io.err(), name + ": " + e.getMessage() + "\n");
            return 2;
        } catch (ShellExit exit) {
            return exit.kind == ShellExit.Kind.EXIT ? exit.status : status;
        }
    }

    /**
     * Reads commands from standard input and runs each as soon as it is complete; on a terminal
     * with a prompt before each ({@code PS1}, {@code PS2} inside an unfinished command).
     */
    int interactive(Io io) throws IOException {
        StringBuilder pending = new StringBuilder();
        prompt(io, false);
        while (true) {
            String line = readLine(io.in());
            if (line == null) {
                return status;
            }
            pending.append(line).append('\n');
            CommandList commands;
            try {
                commands = ShellParser.parse(pending.toString());
            } catch (ShellSyntaxError e) {
                if (e.incomplete()) {
                    prompt(io, true);
                    continue;
                }
                print(io.err(), name + ": " + e.getMessage() + "\n");
                status = 2;
                pending.setLength(0);
                prompt(io, false);
                continue;
            }
            pending.setLength(0);
            followWindow(io);
            try {
                execute(commands, io);
            } catch (ShellExit exit) {
                if (exit.kind == ShellExit.Kind.EXIT) {
                    return exit.status;
                }
            }
            prompt(io, false);
        }
    }

    /**
     * {@code COLUMNS} and {@code LINES} take the terminal's size before each command, as bash and
     * ash set them after a resize; a terminal whose size was never set (0 by 0) leaves them alone.
     */
    private void followWindow(Io io) {
        Terminal.window(io.in()).filter(window -> window.rows() > 0 && window.columns() > 0).ifPresent(window -> {
            assign("COLUMNS", Integer.toString(window.columns()));
            assign("LINES", Integer.toString(window.rows()));
        });
    }

    private void prompt(Io io, boolean continuation) throws IOException {
        if (!terminal) {
            return;
        }
        String root = container.user().uid() == 0 ? "#" : "$";
        String prompt = continuation ? "> " : name.equals("bash")
                ? container.user().name() + "@" + container.hostname() + ":" + cwd + root + " "
                : cwd + " " + root + " ";
        io.print(prompt);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return line.size() > 0 ? line.toString(StandardCharsets.UTF_8) : null;
    }

    // ---- execution

    int execute(CommandList list, Io io) {
        for (AndOr item : list.items()) {
            if (item.background()) {
                Shell copy = subshell();
                Thread thread = new Thread(() -> {
                    try {
                        copy.andOr(item, io);
                    } catch (ShellExit ignored) {
                        // the background job ended
                    }
                }, "sh-background");
                thread.setDaemon(true);
                background.add(thread);
                thread.start();
                status = 0;
            } else {
                status = andOr(item, io);
                if (errexit && status != 0 && conditions == 0 && !exempt) {
                    throw ShellExit.exit(status);
                }
            }
        }
        return status;
    }

    /**
     * {@code a && b || c}: each pipeline runs or not by the status so far. Under {@code set -e}
     * only a failure of the last one ran counts; the others are conditions.
     */
    private int andOr(AndOr item, Io io) {
        int last = item.operators().size();
        int result = 0;
        boolean lastRan = false;
        for (int i = 0; i <= last; i++) {
            if (i > 0 && item.operators().get(i - 1).equals("&&") != (result == 0)) {
                continue;
            }
            boolean isLast = i == last;
            conditions += isLast ? 0 : 1;
            try {
                result = pipeline(item.pipelines().get(i), io);
            } finally {
                conditions -= isLast ? 0 : 1;
            }
            lastRan = isLast && !item.pipelines().get(i).negated();
        }
        status = result;
        exempt = !lastRan;
        return result;
    }

    private int pipeline(Pipeline pipeline, Io io) {
        List<Syntax.Command> commands = pipeline.commands();
        int result;
        if (commands.size() == 1) {
            result = command(commands.get(0), io);
        } else {
            result = stages(commands, io);
        }
        status = pipeline.negated() ? (result == 0 ? 1 : 0) : result;
        return status;
    }

    /** Each command of a pipeline in a subshell of its own, joined by pipes; the status is the last one's. */
    private int stages(List<Syntax.Command> commands, Io io) {
        List<Thread> threads = new ArrayList<>();
        InputStream in = io.in();
        for (int i = 0; i < commands.size() - 1; i++) {
            Pipe pipe = new Pipe();
            Syntax.Command command = commands.get(i);
            Shell copy = subshell();
            Io stage = new Io(in, pipe.sink, io.err());
            Thread thread = new Thread(() -> {
                try {
                    copy.command(command, stage);
                } catch (ShellExit ignored) {
                    // exit in a pipeline stage ends that stage only
                } finally {
                    pipe.closeWriter();
                }
            }, "sh-pipeline");
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
            in = pipe.source;
        }
        InputStream last = in;
        try {
            return subshell().commandInSubshell(commands.get(commands.size() - 1), io.withIn(last));
        } finally {
            try {
                last.close();
            } catch (IOException ignored) {
                // closing a pipe's reading end does not fail
            }
            for (Thread thread : threads) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    threads.forEach(Thread::interrupt);
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private int commandInSubshell(Syntax.Command command, Io io) {
        try {
            return command(command, io);
        } catch (ShellExit exit) {
            if (exit.kind == ShellExit.Kind.EXIT) {
                return exit.status;
            }
            throw exit;
        }
    }

    private int command(Syntax.Command command, Io io) {
        if (Thread.currentThread().isInterrupted()) {
            throw ShellExit.exit(130);
        }
        if (command instanceof Syntax.Simple simple) {
            return simple(simple, io);
        }
        if (command instanceof Syntax.Subshell subshell) {
            return withRedirects(subshell.redirects(), io,
                    redirected -> subshell().commandListInSubshell(subshell.body(), redirected));
        }
        if (command instanceof Syntax.Group group) {
            return withRedirects(group.redirects(), io, redirected -> execute(group.body(), redirected));
        }
        if (command instanceof Syntax.If conditional) {
            return withRedirects(conditional.redirects(), io, redirected -> ifCommand(conditional, redirected));
        }
        if (command instanceof Syntax.For loop) {
            return withRedirects(loop.redirects(), io, redirected -> forCommand(loop, redirected));
        }
        Syntax.Loop loop = (Syntax.Loop) command;
        return withRedirects(loop.redirects(), io, redirected -> loop(loop, redirected));
    }

    private int commandListInSubshell(CommandList body, Io io) {
        try {
            return execute(body, io);
        } catch (ShellExit exit) {
            if (exit.kind == ShellExit.Kind.EXIT) {
                return exit.status;
            }
            throw exit;
        }
    }

    /** A condition of if, while or until, which set -e does not end the shell on. */
    private int condition(CommandList list, Io io) {
        conditions++;
        try {
            return execute(list, io);
        } finally {
            conditions--;
        }
    }

    private int ifCommand(Syntax.If conditional, Io io) {
        for (int i = 0; i < conditional.conditions().size(); i++) {
            if (condition(conditional.conditions().get(i), io) == 0) {
                return execute(conditional.bodies().get(i), io);
            }
        }
        return conditional.otherwise() == null ? 0 : execute(conditional.otherwise(), io);
    }

    private int forCommand(Syntax.For loop, Io io) {
        List<String> values = loop.words() == null ? positional : WordExpansion.fields(this, io, loop.words());
        int result = 0;
        for (String value : values) {
            assign(loop.name(), value);
            try {
                result = execute(loop.body(), io);
            } catch (ShellExit exit) {
                if (exit.kind == ShellExit.Kind.EXIT) {
                    throw exit;
                }
                if (exit.levels > 1) {
                    throw ShellExit.loop(exit.kind, exit.levels - 1);
                }
                if (exit.kind == ShellExit.Kind.BREAK) {
                    break;
                }
            }
        }
        return result;
    }

    private int loop(Syntax.Loop loop, Io io) {
        int result = 0;
        while ((condition(loop.condition(), io) == 0) != loop.until()) {
            try {
                result = execute(loop.body(), io);
            } catch (ShellExit exit) {
                if (exit.kind == ShellExit.Kind.EXIT) {
                    throw exit;
                }
                if (exit.levels > 1) {
                    throw ShellExit.loop(exit.kind, exit.levels - 1);
                }
                if (exit.kind == ShellExit.Kind.BREAK) {
                    break;
                }
            }
        }
        return result;
    }

    private int simple(Syntax.Simple simple, Io io) {
        substitutions = 0;
        List<String> argv = WordExpansion.fields(this, io, simple.words());
        Map<String, String> assignments = new LinkedHashMap<>();
        for (Syntax.Assignment assignment : simple.assignments()) {
            assignments.put(assignment.name(), WordExpansion.string(this, io, assignment.value()));
        }
        if (argv.isEmpty()) {
            assignments.forEach(this::assign);
            // An assignment alone has the status of its last command substitution, else 0.
            int result = substitutions > 0 ? status : 0;
            return withRedirects(simple.redirects(), io, redirected -> result);
        }
        return withRedirects(simple.redirects(), io, redirected -> command(argv, assignments, redirected));
    }

    /** Runs a command by name: a built-in, else a program of the image; 127 when there is none. */
    int command(List<String> argv, Map<String, String> assignments, Io io) {
        String program = argv.get(0);
        List<String> args = argv.subList(1, argv.size());
        Builtin builtin = Builtin.named(program);
        if (builtin != null) {
            assignments.forEach(this::assign);
            try {
                return builtin.run(this, args, io);
            } catch (IOException e) {
                return 1;
            }
        }
        Tool tool = Tools.find(program, container.filesystem());
        if (tool == null) {
            boolean path = program.contains("/");
            print(io.err(), name + ": " + program + ": not found\n");
            return path && container.filesystem().exists(ContainerFilesystem.resolve(cwd, program)) ? 126 : 127;
        }
        Map<String, String> environment = environment();
        environment.putAll(assignments);
        String toolName = program.substring(program.lastIndexOf('/') + 1);
        try {
            return tool.run(new Invocation(toolName, List.copyOf(args), io, environment, this));
        } catch (InterruptedException | InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw ShellExit.exit(130);
        } catch (IOException e) {
            // Its output is gone (a closed pipe, a client that left): the program ends, as on SIGPIPE.
            return 141;
        }
    }

    /** What {@code $(...)} gives: the body's output, without its trailing newlines. */
    String substitute(CommandList body, Io io) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Shell copy = subshell();
        status = copy.commandListInSubshell(body, io.withOut(out));
        substitutions++;
        String text = out.toString(StandardCharsets.UTF_8);
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\n') {
            end--;
        }
        return text.substring(0, end);
    }

    @FunctionalInterface
    private interface Redirected {
        int run(Io io);
    }

    /**
     * Applies redirections in order, as {@code 2>&1 >f} and {@code >f 2>&1} differ; one that
     * cannot be opened fails the command with status 1 and the shell's message.
     */
    private int withRedirects(List<Redirect> redirects, Io io, Redirected body) {
        if (redirects.isEmpty()) {
            return body.run(io);
        }
        InputStream in = io.in();
        OutputStream[] outputs = {null, io.out(), io.err()};
        for (Redirect redirect : redirects) {
            String target = WordExpansion.string(this, io, redirect.target());
            String operator = redirect.operator();
            int fd = redirect.fd() >= 0 ? redirect.fd() : operator.startsWith("<") ? 0 : 1;
            try {
                switch (operator) {
                    case ">", ">|", ">>", "&>" -> {
                        OutputStream file = container.filesystem()
                                .openForWrite(ContainerFilesystem.resolve(cwd, target), operator.equals(">>"));
                        if (operator.equals("&>")) {
                            outputs[1] = file;
                            outputs[2] = file;
                        } else if (fd == 1 || fd == 2) {
                            outputs[fd] = file;
                        }
                    }
                    case "<", "<>" -> {
                        InputStream file = container.filesystem().openForRead(ContainerFilesystem.resolve(cwd, target));
                        if (fd == 0) {
                            in = file;
                        }
                    }
                    default -> {
                        if (target.equals("-")) {
                            if (fd == 0) {
                                in = Io.NO_INPUT;
                            } else if (fd <= 2) {
                                outputs[fd] = OutputStream.nullOutputStream();
                            }
                        } else if (target.equals("1") || target.equals("2")) {
                            if (fd == 1 || fd == 2) {
                                outputs[fd] = outputs[Integer.parseInt(target)];
                            }
                        } else if (!target.equals("0")) {
                            print(io.err(), name + ": " + target + ": bad file descriptor\n");
                            return 1;
                        }
                    }
                }
            } catch (FileError e) {
                String verb = operator.startsWith("<") ? "can't open" : "can't create";
                print(io.err(), name + ": " + verb + " " + target + ": " + e.reason() + "\n");
                return 1;
            }
        }
        return body.run(new Io(in, outputs[1], outputs[2]));
    }

    // ---- variables

    /** A parameter's value by name (specials, positionals, variables), null when unset. */
    String parameter(String parameter) {
        switch (parameter) {
            case "?" -> {
                return String.valueOf(status);
            }
            case "$" -> {
                return String.valueOf(pid);
            }
            case "#" -> {
                return String.valueOf(positional.size());
            }
            case "@", "*" -> {
                return String.join(" ", positional);
            }
            case "0" -> {
                return name;
            }
            case "!", "-" -> {
                return "";
            }
            default -> {
                if (parameter.chars().allMatch(Character::isDigit)) {
                    int index = Integer.parseInt(parameter);
                    return index <= positional.size() ? positional.get(index - 1) : null;
                }
                return variables.get(parameter);
            }
        }
    }

    String variable(String name, String fallback) {
        String value = variables.get(name);
        return value == null ? fallback : value;
    }

    void assign(String name, String value) {
        variables.put(name, value);
    }

    void export(String name) {
        exported.add(name);
    }

    void unset(String name) {
        variables.remove(name);
        exported.remove(name);
    }

    /** The exported variables, as a program started now gets them. */
    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String key : exported) {
            String value = variables.get(key);
            if (value != null) {
                environment.put(key, value);
            }
        }
        return environment;
    }

    int status() {
        return status;
    }

    void setErrexit(boolean errexit) {
        this.errexit = errexit;
    }

    void awaitBackground() {
        for (Thread thread : background) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                background.forEach(Thread::interrupt);
                Thread.currentThread().interrupt();
                return;
            }
        }
        background.clear();
    }

    static void print(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException ignored) {
            // nobody reads it any more
        }
    }
}
