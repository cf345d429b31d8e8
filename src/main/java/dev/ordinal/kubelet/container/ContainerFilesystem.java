package dev.ordinal.kubelet.container;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The root filesystem of one simulated container, held in memory: the image's few directories,
 * the files the kubelet writes ({@code /etc/hosts}, {@code /etc/resolv.conf}, ...) and the pod's
 * volumes mounted at their paths. Paths are resolved as the kernel resolves them, {@code .} and
 * {@code ..} lexically (there are no symbolic links); every failure is a {@link FileError} with the
 * errno text a tool prints.
 */
public final class ContainerFilesystem {

    private final FileNode.Directory root;
    private final Clock clock;

    public ContainerFilesystem(Clock clock) {
        this.clock = clock;
        this.root = new FileNode.Directory(0755, clock.instant());
    }

    public Clock clock() {
        return clock;
    }

    /** {@code path} made absolute against {@code cwd} and cleaned: no {@code .}, {@code ..} or double slash. */
    public static String resolve(String cwd, String path) {
        String joined = path.startsWith("/") ? path : cwd + "/" + path;
        Deque<String> parts = new ArrayDeque<>();
        for (String part : joined.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** The node at an absolute path, or null when there is none. */
    public FileNode find(String path) {
        FileNode node = root;
        for (String name : names(path)) {
            if (!(node instanceof FileNode.Directory directory)) {
                return null;
            }
            node = directory.entry(name);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    public boolean exists(String path) {
        return find(path) != null;
    }

    public boolean isDirectory(String path) {
        return find(path) instanceof FileNode.Directory;
    }

    public FileNode.Directory directory(String path) {
        FileNode node = find(path);
        if (node == null) {
            throw new FileError(path, FileError.NOT_FOUND);
        }
        if (!(node instanceof FileNode.Directory directory)) {
            throw new FileError(path, FileError.NOT_A_DIRECTORY);
        }
        return directory;
    }

    /** {@code mkdir}, or {@code mkdir -p} with {@code parents}. */
    public FileNode.Directory mkdir(String path, boolean parents) {
        if (parents) {
            FileNode.Directory directory = root;
            for (String name : names(path)) {
                FileNode next = directory.entry(name);
                if (next == null) {
                    writable(directory, path);
                    FileNode created = new FileNode.Directory(0755, clock.instant());
                    FileNode raced = directory.putIfAbsent(name, created);
                    next = raced == null ? created : raced;
                }
                if (!(next instanceof FileNode.Directory child)) {
                    throw new FileError(path, FileError.NOT_A_DIRECTORY);
                }
                directory = child;
            }
            return directory;
        }
        FileNode.Directory parent = parentOf(path);
        writable(parent, path);
        FileNode.Directory created = new FileNode.Directory(0755, clock.instant());
        if (path.equals("/") || parent.putIfAbsent(name(path), created) != null) {
            throw new FileError(path, FileError.EXISTS);
        }
        parent.touch(clock.instant());
        return created;
    }

    /**
     * Puts a directory of the pod's (a volume) at {@code path}, creating the mount point's
     * parents, as the runtime bind-mounts a volume into the container.
     */
    public void mount(String path, FileNode.Directory volume) {
        mkdir(parent(path), true).put(name(path), volume);
    }

    /** Puts a file the kubelet manages (e.g. {@code /etc/hosts}), replacing what is there. */
    public void place(String path, FileNode node) {
        mkdir(parent(path), true).put(name(path), node);
    }

    public byte[] read(String path) {
        FileNode node = find(path);
        if (node == null) {
            throw new FileError(path, FileError.NOT_FOUND);
        }
        if (node instanceof FileNode.Directory) {
            throw new FileError(path, FileError.IS_A_DIRECTORY);
        }
        return node instanceof FileNode.RegularFile file ? file.content() : new byte[0];
    }

    public InputStream openForRead(String path) {
        return new ByteArrayInputStream(read(path));
    }

    /** Writes a whole file, creating it (0644) when missing. */
    public void write(String path, byte[] content, boolean append) {
        FileNode node = find(path);
        if (node instanceof FileNode.Device device) {
            try {
                device.sink().write(content);
                device.sink().flush();
            } catch (java.io.IOException e) {
                throw new FileError(path, e.getMessage());
            }
            return;
        }
        fileForWriting(path, append).write(content, append, clock.instant());
    }

    /**
     * Opens a file for writing as a redirection does ({@code >} truncates, {@code >>} appends):
     * every write reaches the file at once, so a long-running command's output can be read
     * while it runs.
     */
    public OutputStream openForWrite(String path, boolean append) {
        FileNode node = find(path);
        if (node instanceof FileNode.Device device) {
            return new OutputStream() {
                @Override
                public void write(int b) throws java.io.IOException {
                    device.sink().write(b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
                    device.sink().write(bytes, offset, length);
                    device.sink().flush();
                }
            };
        }
        FileNode.RegularFile file = fileForWriting(path, append);
        if (!append) {
            file.write(new byte[0], false, clock.instant());
        }
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                byte[] chunk = new byte[length];
                System.arraycopy(bytes, offset, chunk, 0, length);
                file.write(chunk, true, clock.instant());
            }
        };
    }

    private FileNode.RegularFile fileForWriting(String path, boolean append) {
        FileNode node = find(path);
        if (node instanceof FileNode.Directory) {
            throw new FileError(path, FileError.IS_A_DIRECTORY);
        }
        if (node instanceof FileNode.RegularFile file) {
            return file;
        }
        FileNode.Directory parent = parentOf(path);
        writable(parent, path);
        FileNode.RegularFile created = new FileNode.RegularFile(new byte[0], 0644, clock.instant());
        FileNode raced = parent.putIfAbsent(name(path), created);
        if (raced != null && !(raced instanceof FileNode.RegularFile)) {
            throw new FileError(path, FileError.IS_A_DIRECTORY);
        }
        parent.touch(clock.instant());
        return raced == null ? created : (FileNode.RegularFile) raced;
    }

    /** Removes a file, or a directory when {@code recursive} or when it is empty and {@code directories}. */
    public void remove(String path, boolean recursive, boolean directories) {
        FileNode node = find(path);
        if (node == null) {
            throw new FileError(path, FileError.NOT_FOUND);
        }
        if (path.equals("/")) {
            throw new FileError(path, FileError.BUSY);
        }
        if (node instanceof FileNode.Directory directory && !recursive) {
            if (!directories) {
                throw new FileError(path, FileError.IS_A_DIRECTORY);
            }
            if (!directory.isEmpty()) {
                throw new FileError(path, FileError.NOT_EMPTY);
            }
        }
        FileNode.Directory parent = parentOf(path);
        writable(parent, path);
        parent.remove(name(path));
        parent.touch(clock.instant());
    }

    /** {@code rename(2)}: moves a node to a path whose parent exists, replacing a file there. */
    public void rename(String from, String to) {
        FileNode node = find(from);
        if (node == null) {
            throw new FileError(from, FileError.NOT_FOUND);
        }
        if ((to + "/").startsWith(from + "/")) {
            throw new FileError(to, FileError.INVALID);
        }
        FileNode.Directory target = parentOf(to);
        writable(target, to);
        FileNode existing = target.entry(name(to));
        if (existing instanceof FileNode.Directory && !(node instanceof FileNode.Directory)) {
            throw new FileError(to, FileError.IS_A_DIRECTORY);
        }
        FileNode.Directory source = parentOf(from);
        writable(source, from);
        target.put(name(to), node);
        source.remove(name(from));
    }

    /** The parent directory of a path, which must exist. */
    public FileNode.Directory parentOf(String path) {
        FileNode parent = find(parent(path));
        if (parent == null) {
            throw new FileError(path, FileError.NOT_FOUND);
        }
        if (!(parent instanceof FileNode.Directory directory)) {
            throw new FileError(path, FileError.NOT_A_DIRECTORY);
        }
        return directory;
    }

    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static void writable(FileNode.Directory directory, String path) {
        if (directory.readOnly()) {
            throw new FileError(path, FileError.READ_ONLY);
        }
    }

    private static List<String> names(String path) {
        List<String> names = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                names.add(part);
            }
        }
        return names;
    }
}
