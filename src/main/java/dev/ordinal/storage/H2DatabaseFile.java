package dev.ordinal.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.h2.mvstore.Chunk;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file of an embedded H2 database ({@code jdbc:h2:file:./data/ordinal} is {@code ./data/ordinal.mv.db}),
 * prepared and checked before H2 opens it.
 *
 * <p>H2 opens a file whose newest commits are unreadable by falling back to the newest commits it
 * can read, or to an empty store when it finds none, and then writes over the rest: a truncated or
 * damaged file would silently lose acknowledged writes, or everything. {@link #verify()} opens it
 * read-only first and refuses it when H2 would fall back behind what the file's own header records.
 */
record H2DatabaseFile(Path file) {

    private static final Logger log = LoggerFactory.getLogger(H2DatabaseFile.class);

    private static final String PREFIX = "jdbc:h2:";
    private static final String MV_SUFFIX = ".mv.db";
    /** The key of the store header that holds the version of the newest chunk the header knows. */
    private static final String HEADER_VERSION = "version";
    private static final String HEADER_BLOCK_SIZE = "blockSize";
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    /**
     * The file a JDBC URL names: {@code jdbc:h2:file:<path>} or {@code jdbc:h2:<path>}; none for other
     * databases and for H2's in-memory, server and other file system URLs.
     */
    static Optional<H2DatabaseFile> of(String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String name = url.substring(PREFIX.length()).split(";", 2)[0];
        if (name.startsWith("file:")) {
            name = name.substring("file:".length());
        } else if (name.matches("^[A-Za-z][A-Za-z0-9]+:.*")) {
            return Optional.empty(); // mem:, tcp:, ssl:, zip:, nio:, split: …
        }
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return Optional.of(new H2DatabaseFile(Path.of(name + MV_SUFFIX).toAbsolutePath().normalize()));
    }

    /**
     * Creates the directory and the empty database file readable by their owner only, as they hold
     * Secrets, when they do not exist yet (H2 would create them as the umask allows, usually readable
     * by all); warns about an existing file that others can read.
     */
    void createOwnerOnly() {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            Path directory = file.getParent();
            if (Files.notExists(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            }
            if (Files.notExists(file)) {
                // H2 starts a new store in an empty file as in a missing one.
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
            } else if (!OWNER_ONLY_FILE.containsAll(Files.getPosixFilePermissions(file))) {
                log.warn("{} can be read by other users than its owner; it holds Secrets: chmod 600 it", file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Opens the file read-only, changing nothing in it, and throws {@link UnusableStoreException} when
     * another process has it open or when its newest commits cannot be read.
     */
    void verify() {
        long size;
        try {
            size = Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (size == 0) {
            return;
        }
        long recorded;
        long readable;
        long end;
        try (MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
            recorded = DataUtils.readHexLong(store.getFileStore().getStoreHeader(), HEADER_VERSION, 0);
            readable = store.getCurrentVersion();
            end = endOfLiveChunks(store);
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw UnusableStoreException.inUse(file);
            }
            throw UnusableStoreException.damaged(file, e.getMessage());
        } catch (RuntimeException e) {
            // Damage can surface as any exception of the decoding underneath.
            throw UnusableStoreException.damaged(file, e.toString());
        }
        if (readable < recorded) {
            throw UnusableStoreException.damaged(file, "its header records version " + recorded
                    + " but the newest readable version is " + readable);
        }
        if (end > size) {
            throw UnusableStoreException.damaged(file, "it is " + size + " bytes long but holds data up to byte " + end);
        }
    }

    /**
     * Where the last chunk holding live data ends. Opening checks only the newest chunks, and a page
     * of an older one is read when a row on it is: a file cut short would fail only then.
     */
    private static long endOfLiveChunks(MVStore store) {
        long blockSize = DataUtils.readHexLong(store.getStoreHeader(), HEADER_BLOCK_SIZE, 4096);
        long end = 0;
        for (Map.Entry<String, String> entry : store.getLayoutMap().entrySet()) {
            if (entry.getKey().startsWith(DataUtils.LAYOUT_CHUNK)) {
                Chunk<?> chunk = store.getFileStore().createChunk(entry.getValue());
                if (chunk.maxLenLive > 0) {
                    end = Math.max(end, (chunk.block + chunk.len) * blockSize);
                }
            }
        }
        return end;
    }
}
