package dev.ordinal.kubelet;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * What a container runs as its main process, as the runtime puts the image's ENTRYPOINT and CMD
 * together with the container's {@code command} and {@code args}: {@code command} replaces the
 * entrypoint and {@code args} the CMD. Only the shell images' configuration is known here: they
 * have no entrypoint, so their {@code args} alone are the command line (what {@code kubectl run
 * --image=busybox -- sh -c '…'} sets), and their CMD is a shell. Any other image's entrypoint is
 * unknown, so without a {@code command} it has no main process.
 */
final class ImageCommands {

    /** Images whose configuration has no ENTRYPOINT and a shell as CMD (busybox, alpine, debian, ubuntu). */
    private static final Set<String> SHELL_IMAGES = Set.of("busybox", "alpine", "debian", "ubuntu");

    private ImageCommands() {
    }

    /**
     * The main process's argv, empty when there is none to run. A shell image's CMD, {@code sh}, is
     * run only for a container that keeps stdin open ({@code kubectl run -it}, {@code kubectl
     * debug -it}): without input a real one exits at once, and this simulation keeps such
     * containers running instead, as it keeps every container whose process it does not know.
     */
    static List<String> mainProcess(JsonNode spec, boolean stdin) {
        List<String> command = strings(spec.path("command"));
        List<String> args = strings(spec.path("args"));
        if (!command.isEmpty()) {
            command.addAll(args);
            return command;
        }
        if (!SHELL_IMAGES.contains(repository(spec.path("image").asString("")))) {
            return List.of();
        }
        return !args.isEmpty() ? args : stdin ? List.of("sh") : List.of();
    }

    /** The last path component of an image reference, without tag or digest: {@code busybox} of {@code docker.io/library/busybox:1.28}. */
    static String repository(String image) {
        String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        name = name.substring(name.lastIndexOf('/') + 1);
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(part -> values.add(part.asString("")));
        return values;
    }
}
