package dev.ordinal.kubelet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.ordinal.kubelet.container.FileNode;

/**
 * The files of PersistentVolumes, kept in the store's database beside the objects so a
 * claim's files outlive a restart of the server as the volume outlives its pods: one row a
 * volume, its whole tree as one gzip'd archive, replaced when a process in a pod using it ends and
 * deleted with the volume. A tree larger than {@link #MAX_ARCHIVE_BYTES} once packed is not
 * written (its files stay in memory only), so one volume cannot make every write of the store
 * slow or the database large.
 */
@Component
class PersistentVolumeFiles {

    /** The most one volume's archive may take: room for a site or a small data set, not for a disk. */
    static final int MAX_ARCHIVE_BYTES = 16 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(PersistentVolumeFiles.class);
    private static final byte DIRECTORY = 'd';
    private static final byte FILE = 'f';

    private final JdbcTemplate jdbc;

    PersistentVolumeFiles(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The files the volume had when last written; empty when it never was. */
    Optional<FileNode.Directory> load(String volumeUid) {
        List<byte[]> rows = jdbc.queryForList("SELECT archive FROM persistent_volume_files WHERE volume_uid = ?",
                byte[].class, volumeUid);
        return rows.isEmpty() ? Optional.empty() : Optional.of(unpack(rows.get(0)));
    }

    void save(String volumeUid, FileNode.Directory root) {
        byte[] archive = pack(root);
        if (archive.length > MAX_ARCHIVE_BYTES) {
            LOG.warn("The files of PersistentVolume {} take {} bytes packed, more than the {} kept: not written",
                    volumeUid, archive.length, MAX_ARCHIVE_BYTES);
            return;
        }
        if (jdbc.update("UPDATE persistent_volume_files SET archive = ? WHERE volume_uid = ?", archive,
                volumeUid) == 0) {
            jdbc.update("INSERT INTO persistent_volume_files (volume_uid, archive) VALUES (?, ?)", volumeUid,
                    archive);
        }
    }

    void delete(String volumeUid) {
        jdbc.update("DELETE FROM persistent_volume_files WHERE volume_uid = ?", volumeUid);
    }

    static byte[] pack(FileNode.Directory root) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
            write(out, root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A directory: its mode, time and entries; devices (nothing a volume holds) are left out. */
    private static void write(DataOutputStream out, FileNode.Directory directory) throws IOException {
        out.writeInt(directory.mode());
        out.writeLong(directory.modified().toEpochMilli());
        List<String> names = directory.names().stream()
                .filter(name -> !(directory.entry(name) instanceof FileNode.Device)).toList();
        out.writeInt(names.size());
        for (String name : names) {
            out.writeUTF(name);
            FileNode node = directory.entry(name);
            if (node instanceof FileNode.Directory child) {
                out.writeByte(DIRECTORY);
                write(out, child);
            } else if (node instanceof FileNode.RegularFile file) {
                out.writeByte(FILE);
                out.writeInt(file.mode());
                out.writeLong(file.modified().toEpochMilli());
                byte[] content = file.content();
                out.writeInt(content.length);
                out.write(content);
            }
        }
    }

    static FileNode.Directory unpack(byte[] archive) {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(archive)))) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileNode.Directory read(DataInputStream in) throws IOException {
        FileNode.Directory directory = new FileNode.Directory(in.readInt(), Instant.ofEpochMilli(in.readLong()));
        int entries = in.readInt();
        for (int i = 0; i < entries; i++) {
            String name = in.readUTF();
            if (in.readByte() == DIRECTORY) {
                directory.put(name, read(in));
            } else {
                int mode = in.readInt();
                Instant modified = Instant.ofEpochMilli(in.readLong());
                directory.put(name, new FileNode.RegularFile(in.readNBytes(in.readInt()), mode, modified));
            }
        }
        return directory;
    }
}
