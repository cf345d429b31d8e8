package dev.ordinal.kubelet.container;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process table of one PID namespace: the container's main process as PID 1 and every
 * process started in it ({@code kubectl exec}) under the next free number, as long as it runs. An
 * ephemeral container with a {@code targetContainerName} shares its target's namespace, so
 * {@code ps} there lists the target's processes. A process is a thread of the simulation; a signal
 * interrupts it, and it exits with {@code 128 + signal} as a process killed by one does.
 */
public final class Processes {

    /** The main process's number, as the container runtime starts it in a fresh PID namespace. */
    public static final int INIT = 1;

    private final Map<Integer, Process> table = new ConcurrentSkipListMap<>();
    private final AtomicInteger lastPid = new AtomicInteger(INIT);

    /** One running process: its number, its command line as {@code ps} shows it, and its thread. */
    public static final class Process {
        private final int pid;
        private final String commandLine;
        private final Thread thread;
        private volatile int signal;

        private Process(int pid, String commandLine, Thread thread) {
            this.pid = pid;
            this.commandLine = commandLine;
            this.thread = thread;
        }

        public int pid() {
            return pid;
        }

        public String commandLine() {
            return commandLine;
        }

        /** The signal that ended it, 0 when none did. */
        public int signal() {
            return signal;
        }

        void deliver(int number) {
            signal = number;
            thread.interrupt();
        }
    }

    /** The main process, running on {@code thread}, as PID 1. */
    public Process startInit(String commandLine, Thread thread) {
        Process process = new Process(INIT, commandLine, thread);
        table.put(INIT, process);
        return process;
    }

    /** A process started in the namespace on the calling thread. */
    public Process start(String commandLine) {
        Process process = new Process(lastPid.incrementAndGet(), commandLine, Thread.currentThread());
        table.put(process.pid, process);
        return process;
    }

    public void exit(Process process) {
        table.remove(process.pid, process);
    }

    /** The running processes, by number. */
    public List<Process> list() {
        return List.copyOf(table.values());
    }

    /** Sends {@code signal} to process {@code pid} (0 only asks whether it exists); false when there is none. */
    public boolean kill(int pid, int signal) {
        Optional<Process> process = Optional.ofNullable(table.get(pid));
        if (signal != 0) {
            process.ifPresent(p -> p.deliver(signal));
        }
        return process.isPresent();
    }
}
