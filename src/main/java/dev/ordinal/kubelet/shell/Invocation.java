package dev.ordinal.kubelet.shell;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import dev.ordinal.kubelet.container.Container;
import dev.ordinal.kubelet.container.ContainerFilesystem;
import dev.ordinal.kubelet.container.FileError;

/**
 * One run of a {@link Tool}: its name and arguments, its streams and environment, and the shell
 * that started it (for its working directory, its container, and to run other commands, as
 * {@code env} and {@code sh} do).
 */
record Invocation(String name, List<String> args, Io io, Map<String, String> environment, Shell shell) {

    Container container() {
        return shell.container();
    }

    ContainerFilesystem filesystem() {
        return shell.container().filesystem();
    }

    /** An argument as an absolute path, relative ones against the working directory. */
    String path(String argument) {
        return ContainerFilesystem.resolve(shell.cwd(), argument);
    }

    /** Prints {@code name: message} on stderr and gives the status to exit with. */
    int fail(String message, int status) throws IOException {
        io.error(name + ": " + message + "\n");
        return status;
    }

    /** Prints coreutils' {@code name: path: reason} for a failed file operation. */
    int fail(String argument, FileError error) throws IOException {
        return fail(argument + ": " + error.reason(), 1);
    }
}
