package dev.ordinal.kubelet;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.ordinal.kubelet.container.FileNode;

import static org.assertj.core.api.Assertions.assertThat;

/** A PersistentVolume's files packed for the database and unpacked again. */
class PersistentVolumeFilesTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30Z");

    @Test
    void aTreeComesBackWithItsContentsModesAndTimes() {
        FileNode.Directory root = new FileNode.Directory(0755, T0);
        root.put("index.html", new FileNode.RegularFile("web-0\n".getBytes(StandardCharsets.UTF_8), 0644, T0));
        FileNode.Directory nested = root.subdirectory("data/logs", T0);
        nested.put("run.sh", new FileNode.RegularFile(new byte[] {0, 1, 2}, 0755, T0.plusSeconds(5)));

        FileNode.Directory back = PersistentVolumeFiles.unpack(PersistentVolumeFiles.pack(root));

        FileNode.RegularFile index = (FileNode.RegularFile) back.entry("index.html");
        assertThat(new String(index.content(), StandardCharsets.UTF_8)).isEqualTo("web-0\n");
        assertThat(index.mode()).isEqualTo(0644);
        FileNode.RegularFile script = (FileNode.RegularFile) back.subdirectory("data/logs", T0).entry("run.sh");
        assertThat(script.content()).containsExactly(0, 1, 2);
        assertThat(script.mode()).isEqualTo(0755);
        assertThat(script.modified()).isEqualTo(T0.plusSeconds(5));
        assertThat(back.mode()).isEqualTo(0755);
    }
}
