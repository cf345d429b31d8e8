package dev.ordinal.kubelet.container;

import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One entry of a simulated container's filesystem: a directory, a regular file, or a character
 * device whose writes go somewhere else ({@code /dev/null}, the main process's
 * {@code /proc/1/fd/1}). Nodes are shared, not copied, where the kubelet shares them: a volume's
 * directory is the same object in every container that mounts it, and a PersistentVolume's outlives
 * the pods that mounted it.
 */
public abstract sealed class FileNode permits FileNode.Directory, FileNode.RegularFile, FileNode.Device {

    private volatile int mode;
    private volatile Instant modified;

    FileNode(int mode, Instant modified) {
        this.mode = mode;
        this.modified = modified;
    }

    /** Permission bits, e.g. {@code 0644}. */
    public int mode() {
        return mode;
    }

    public void setMode(int mode) {
        this.mode = mode;
    }

    public Instant modified() {
        return modified;
    }

    public void touch(Instant at) {
        this.modified = at;
    }

    /** A directory; its entries sorted by name, as {@code ls} lists them. */
    public static final class Directory extends FileNode {
        private final Map<String, FileNode> entries = new ConcurrentSkipListMap<>();
        private final boolean readOnly;

        public Directory(int mode, Instant modified) {
            this(mode, modified, false);
        }

        /** A read-only directory refuses changes to its entries, as a {@code readOnly} mount does. */
        public Directory(int mode, Instant modified, boolean readOnly) {
            super(mode, modified);
            this.readOnly = readOnly;
        }

        public boolean readOnly() {
            return readOnly;
        }

        public FileNode entry(String name) {
            return entries.get(name);
        }

        public Set<String> names() {
            return entries.keySet();
        }

        /** Adds an entry whatever the directory's mode, as the kubelet fills a volume it projects. */
        public void put(String name, FileNode node) {
            entries.put(name, node);
        }

        /**
         * Takes {@code other}'s entries in place of its own, as the kubelet's atomic writer swaps a
         * projected volume's files for newly rendered ones: new names first, then the old ones go.
         */
        public void replaceEntries(Directory other) {
            entries.putAll(other.entries);
            entries.keySet().retainAll(other.entries.keySet());
        }

        /** The directory at a relative path inside this one, created as needed ({@code subPath} mounts). */
        public Directory subdirectory(String relative, Instant now) {
            Directory directory = this;
            for (String name : relative.split("/")) {
                if (name.isEmpty() || name.equals(".")) {
                    continue;
                }
                FileNode next = directory.entries.computeIfAbsent(name, n -> new Directory(0755, now));
                if (!(next instanceof Directory child)) {
                    throw new FileError(relative, FileError.NOT_A_DIRECTORY);
                }
                directory = child;
            }
            return directory;
        }

        FileNode putIfAbsent(String name, FileNode node) {
            return entries.putIfAbsent(name, node);
        }

        void remove(String name) {
            entries.remove(name);
        }

        boolean isEmpty() {
            return entries.isEmpty();
        }
    }

    /** A regular file: its whole content, replaced as one on each write. */
    public static final class RegularFile extends FileNode {
        private volatile byte[] content;

        public RegularFile(byte[] content, int mode, Instant modified) {
            super(mode, modified);
            this.content = content.clone();
        }

        public byte[] content() {
            return content.clone();
        }

        public long size() {
            return content.length;
        }

        synchronized void write(byte[] bytes, boolean append, Instant at) {
            if (append) {
                byte[] joined = new byte[content.length + bytes.length];
                System.arraycopy(content, 0, joined, 0, content.length);
                System.arraycopy(bytes, 0, joined, content.length, bytes.length);
                content = joined;
            } else {
                content = bytes.clone();
            }
            touch(at);
        }
    }

    /** A character device: reading gives nothing, writing goes to its sink. */
    public static final class Device extends FileNode {
        private final OutputStream sink;

        public Device(OutputStream sink, Instant modified) {
            super(0666, modified);
            this.sink = sink;
        }

        public OutputStream sink() {
            return sink;
        }
    }
}
