package dev.ordinal.registry.rest;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.OptionalInt;

/**
 * A process in a container that a connection's streams are joined to, as the kubelet's
 * {@code remotecommand} server joins them: {@link #run} returns when the process ends, with its
 * exit code (none for attach, which upstream reports as success); a process that cannot be
 * reached fails with a {@code StatusError}, which the client receives on the error channel.
 */
public interface RemoteCommand {

    /**
     * @param stdin  the client's standard input, ending when the client closes it; empty when not attached
     * @param stdout where standard output goes (discarded when not attached)
     * @param stderr where standard error goes (discarded when not attached; with a terminal it is stdout)
     * @param size   the size of the session's terminal, which the client's resize messages change
     */
    OptionalInt run(InputStream stdin, OutputStream stdout, OutputStream stderr, TerminalSize size)
            throws InterruptedException;
}
