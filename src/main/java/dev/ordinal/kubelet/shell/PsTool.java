package dev.ordinal.kubelet.shell;

import java.io.IOException;

import dev.ordinal.kubelet.container.Processes;

/**
 * {@code ps}, as busybox prints the processes of the container's PID namespace: {@code PID},
 * {@code USER}, {@code TIME} and {@code COMMAND} columns, the main process as PID 1 and each
 * process started in the container ({@code kubectl exec}) with its command line. The simulation
 * keeps no CPU time, so TIME is {@code 0:00}; options are accepted and change nothing.
 */
final class PsTool implements Tool {

    @Override
    public int run(Invocation invocation) throws IOException {
        StringBuilder out = new StringBuilder("PID   USER     TIME  COMMAND\n");
        String user = invocation.container().user().name();
        for (Processes.Process process : invocation.container().processes().list()) {
            out.append(String.format("%5d %-8.8s %5s %s%n", process.pid(), user, "0:00", process.commandLine()));
        }
        invocation.io().print(out.toString());
        return 0;
    }
}
