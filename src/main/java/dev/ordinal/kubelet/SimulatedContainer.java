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
import dev.ordinal.kubelet.shell.Io;
import dev.ordinal.kubelet.shell.Pipe;
import dev.ordinal.kubelet.shell.Shell;
import dev.ordinal.kubelet.shell.Terminal;
import dev.ordinal.registry.rest.RemoteCommand;

/**
 * One running instance of a container: its {@link Container} and its main process, the
 * container's {@code command} and {@code args} run by the simulated shell when the instance
 * starts, whose output is the container's log and is copied to whoever is attached. An image's
 * own entrypoint is unknown here, so a container without a {@code command} has no main process:
 * it runs, and its log stays empty until something writes to {@code /proc/1/fd/1}. When the main
 * process exits, the instance is not stopped: that the container would then terminate is not
 * simulated.
 */
final class SimulatedContainer {

    private final Container container;
    private final List<String> command;
    private final boolean stdinOpen;
    private final boolean stdinOnce;
    private final Pipe mainStdin = new Pipe();
    private final Copies stdout;
    private final Copies stderr;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Thread main;
    private volatile boolean firstAttachEnded;
    /** The most a stopping instance waits for its main process to come to a wait. */
    private static final long FIRST_WAIT_NANOS = 200_000_000L;

    SimulatedContainer(Container container, List<String> command, boolean stdinOpen, boolean stdinOnce) {
        this.container = container;
        this.command = List.copyOf(command);
        this.stdinOpen = stdinOpen;
        this.stdinOnce = stdinOnce;
        this.stdout = new Copies(container.log().writer("stdout"));
        this.stderr = new Copies(container.log().writer("stderr"));
        if (!stdinOpen) {
            mainStdin.closeWriter();
        }
    }

    Container container() {
        return container;
    }

    /** Starts the main process, when the container has a command. */
    void start(String threadName) {
        if (command.isEmpty()) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                new Shell(container, false).execute(command, new Io(mainStdin.source, stdout, stderr));
            } finally {
                stdout.end();
                stderr.end();
                stopped.countDown();
            }
        }, threadName);
        thread.setDaemon(true);
        main = thread;
        thread.start();
    }

    /**
     * The instance stops: its main process is killed and its log ends. A process that has not yet
     * come to wait for anything (a sleep, its input) is first given a moment to get there, so what
     * it wrote on starting is in the log, as a real process that ran for the time its container
     * was reported running would have written it.
     */
    void stop() {
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
        return (in, out, err) -> {
            Io io = new Io(in, out, err);
            Container session = container;
            if (tty) {
                io = Terminal.of(io);
                Map<String, String> environment = new LinkedHashMap<>(container.environment());
                environment.put("TERM", "xterm");
                session = new Container(container.name(), container.filesystem(), container.hostname(),
                        container.user(), environment, container.workingDir(), container.log(), container.network());
            }
            int status = new Shell(session, tty).execute(argv, io);
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
        return (in, out, err) -> {
            OutputStream screen = tty ? Terminal.of(new Io(Io.NO_INPUT, out, out)).out() : out;
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
