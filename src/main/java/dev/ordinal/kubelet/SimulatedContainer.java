package dev.ordinal.kubelet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import dev.ordinal.kubelet.container.Container;
import dev.ordinal.kubelet.container.Processes;
import dev.ordinal.kubelet.shell.Io;
import dev.ordinal.kubelet.shell.Pipe;
import dev.ordinal.kubelet.shell.Shell;
import dev.ordinal.kubelet.shell.Terminal;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.registry.rest.RemoteCommand;
import dev.ordinal.registry.rest.TerminalSize;

/**
 * One running instance of a container: its {@link Container} and its main process, the
 * container's {@code command} and {@code args} run by the simulated shell when the instance
 * starts, as PID 1, whose output is the container's log and is copied to whoever is attached.
 * Its exit (or its end by a signal, {@code 128 + signal}) is the container's exit code, which the
 * kubelet reports. An image's own entrypoint is unknown here, so a container without a
 * {@code command} has no main process: it runs until it is stopped, and its log stays empty until
 * something writes to {@code /proc/1/fd/1}.
 */
final class SimulatedContainer {

    private final Container container;
    private final List<String> command;
    private final boolean ownNamespace;
    private final boolean stdinOpen;
    private final boolean stdinOnce;
    private final boolean tty;
    private final Pipe mainStdin = new Pipe();
    private final Copies stdout;
    private final Copies stderr;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Thread main;
    private volatile boolean firstAttachEnded;
    private volatile Integer exitCode;
    private volatile boolean stopping;
    /** The most a stopping instance waits for its main process to come to a wait. */
    private static final long FIRST_WAIT_NANOS = 200_000_000L;

    /**
     * @param ownNamespace whether the container's PID namespace is its own, its main process PID 1;
     *                     in one it joined (an ephemeral container's target's) it takes the next number
     */
    SimulatedContainer(Container container, List<String> command, boolean ownNamespace, boolean stdinOpen,
                       boolean stdinOnce, boolean tty) {
        this.container = container;
        this.command = List.copyOf(command);
        this.ownNamespace = ownNamespace;
        this.stdinOpen = stdinOpen;
        this.stdinOnce = stdinOnce;
        this.tty = tty;
        this.stdout = new Copies(container.log().writer("stdout"));
        this.stderr = new Copies(container.log().writer("stderr"));
        if (!stdinOpen) {
            mainStdin.closeWriter();
        }
    }

    Container container() {
        return container;
    }

    /**
     * Starts the main process, when the container has a command; {@code exited} is told when it
     * exits by itself (not when the instance is stopped). With {@code tty: true} it runs on a
     * terminal, as the runtime gives it one: an interactive shell then shows its prompt.
     */
    void start(String threadName, Runnable exited) {
        if (command.isEmpty()) {
            return;
        }
        Thread thread = new Thread(() -> {
            String commandLine = String.join(" ", command);
            Processes.Process process = ownNamespace
                    ? container.processes().startInit(commandLine, Thread.currentThread())
                    : container.processes().start(commandLine);
            try {
                Io io = new Io(mainStdin.source, stdout, stderr);
                int status = new Shell(container, tty).execute(command, tty ? Terminal.of(io, new TerminalSize()) : io);
                exitCode = process.signal() != 0 ? 128 + process.signal() : status;
            } finally {
                container.processes().exit(process);
                stdout.end();
                stderr.end();
                stopped.countDown();
            }
            if (!stopping) {
                exited.run();
            }
        }, threadName);
        thread.setDaemon(true);
        main = thread;
        thread.start();
    }

    /** The main process's exit code once it has exited by itself; empty while it runs, or when there is none. */
    OptionalInt exitCode() {
        Integer code = exitCode;
        return code == null || stopping ? OptionalInt.empty() : OptionalInt.of(code);
    }

    /**
     * The instance stops: its main process is killed and its log ends. A process that has not yet
     * come to wait for anything (a sleep, its input) is first given a moment to get there, so what
     * it wrote on starting is in the log, as a real process that ran for the time its container
     * was reported running would have written it.
     */
    void stop() {
        stopping = true;
        Thread thread = main;
        if (thread != null) {
            awaitFirstWait(thread);
            thread.interrupt();
        }
        stopped.countDown();
        mainStdin.closeWriter();
        container.log().close();
    }

    private static void awaitFirstWait(Thread thread) {
        long deadline = System.nanoTime() + FIRST_WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            Thread.State state = thread.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
                    || state == Thread.State.TERMINATED) {
                return;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** A process started in the container, as {@code kubectl exec} starts one. */
    RemoteCommand exec(List<String> argv, boolean tty) {
        return (in, out, err, size) -> {
            Io io = new Io(in, out, err);
            Container session = container;
            if (tty) {
                io = Terminal.of(io, size);
                Map<String, String> environment = new LinkedHashMap<>(container.environment());
                environment.put("TERM", "xterm");
                session = container.withEnvironment(environment);
            }
            Processes.Process process = container.processes().start(String.join(" ", argv));
            int status;
            try {
                status = new Shell(session, tty).execute(argv, io);
            } finally {
                container.processes().exit(process);
            }
            if (process.signal() != 0) {
                Thread.interrupted();
                return OptionalInt.of(128 + process.signal());
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            return OptionalInt.of(status);
        };
    }

    /**
     * Joins the main process: what it writes from now on, and the client's input as its stdin
     * when the container keeps stdin open ({@code stdin: true}; with {@code stdinOnce} only for the
     * first attach). Ends when the main process does, or the container stops; attach has no exit code.
     */
    RemoteCommand attach(boolean tty) {
        return (in, out, err, size) -> {
            if (exitCode != null) {
                // The runtime attaches only to a running container; kubectl run then falls back to the log.
                throw StatusError.badRequest("container " + container.name() + " is not running");
            }
            // A container with a terminal writes through it already; a client's own -t needs one here.
            OutputStream screen = tty && !this.tty ? Terminal.of(new Io(Io.NO_INPUT, out, out), size).out() : out;
            stdout.add(screen);
            stderr.add(tty ? screen : err);
            Thread input = null;
            if (stdinOpen && !(stdinOnce && firstAttachEnded)) {
                input = new Thread(() -> forward(in), "attach-stdin");
                input.setDaemon(true);
                input.start();
            }
            try {
                stopped.await();
            } finally {
                stdout.remove(screen);
                stderr.remove(tty ? screen : err);
                if (input != null) {
                    input.interrupt();
                }
                if (stdinOnce) {
                    firstAttachEnded = true;
                    mainStdin.closeWriter();
                }
            }
            return OptionalInt.empty();
        };
    }

    private void forward(InputStream in) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                mainStdin.sink.write(buffer, 0, n);
            }
            if (stdinOnce) {
                mainStdin.closeWriter();
            }
        } catch (IOException ignored) {
            // the client or the process is gone
        }
    }

    /** The main process's output stream: the log, and a copy for each attached client. */
    private static final class Copies extends OutputStream {
        private final OutputStream log;
        private final List<OutputStream> attached = new CopyOnWriteArrayList<>();

        Copies(OutputStream log) {
            this.log = log;
        }

        void add(OutputStream out) {
            attached.add(out);
        }

        void remove(OutputStream out) {
            attached.remove(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            log.write(bytes, offset, length);
            for (OutputStream out : attached) {
                try {
                    out.write(bytes, offset, length);
                    out.flush();
                } catch (IOException e) {
                    attached.remove(out);
                }
            }
        }

        /** The process ended: a last line without newline is kept as it is. */
        void end() {
            try {
                log.close();
            } catch (IOException ignored) {
                // the log is in memory
            }
        }
    }
}
