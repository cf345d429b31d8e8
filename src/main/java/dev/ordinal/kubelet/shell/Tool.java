package dev.ordinal.kubelet.shell;

import java.io.IOException;

/** A program of the simulated image ({@code /bin/ls}, {@code /bin/tar}, ...): runs and gives an exit status. */
@FunctionalInterface
interface Tool {

    int run(Invocation invocation) throws IOException, InterruptedException;
}
