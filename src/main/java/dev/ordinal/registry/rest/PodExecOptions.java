package dev.ordinal.registry.rest;

import java.util.List;

/**
 * The query of an exec or attach request, upstream's {@code PodExecOptions} and
 * {@code PodAttachOptions} (attach has no command): which container, what to run, and which of the
 * standard streams the client attaches, and whether through a terminal.
 */
public record PodExecOptions(String container, List<String> command, boolean stdin, boolean stdout, boolean stderr,
                             boolean tty) {

    public PodExecOptions {
        command = List.copyOf(command);
    }
}
