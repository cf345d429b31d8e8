package dev.ordinal.kubelet.container;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The few directories and files every simulated image has before the kubelet adds its own: the
 * FHS directories, {@code /etc/passwd} and {@code /etc/group} with root, {@code /dev/null}, and
 * the main process's standard output and error as {@code /proc/1/fd/1} and {@code /proc/1/fd/2},
 * which write to the container's log, as writing to them does in a real container.
 */
public final class ImageLayout {

    private static final String[] DIRECTORIES = {"/bin", "/dev", "/etc", "/home", "/proc/1/fd", "/root", "/tmp",
        "/usr/bin", "/usr/local/bin", "/usr/share", "/var/log", "/var/run"};

    private ImageLayout() {
    }

    public static void apply(ContainerFilesystem filesystem, ContainerLog log) {
        Instant now = filesystem.clock().instant();
        for (String directory : DIRECTORIES) {
            filesystem.mkdir(directory, true);
        }
        filesystem.directory("/tmp").setMode(01777);
        filesystem.place("/dev/null", new FileNode.Device(java.io.OutputStream.nullOutputStream(), now));
        filesystem.place("/proc/1/fd/1", new FileNode.Device(log.writer("stdout"), now));
        filesystem.place("/proc/1/fd/2", new FileNode.Device(log.writer("stderr"), now));
        filesystem.place("/etc/passwd", file("root:x:0:0:root:/root:/bin/sh\n", now));
        filesystem.place("/etc/group", file("root:x:0:\n", now));
    }

    private static FileNode.RegularFile file(String content, Instant now) {
        return new FileNode.RegularFile(content.getBytes(StandardCharsets.UTF_8), 0644, now);
    }
}
