package dev.ordinal.kubelet.container;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Paths, errors as errno texts, mounts shared between filesystems, and the log behind /proc/1/fd/1. */
class ContainerFilesystemTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC);

    private final ContainerFilesystem filesystem = new ContainerFilesystem(CLOCK);

    @Test
    void resolvesPathsLexically() {
        assertThat(ContainerFilesystem.resolve("/usr/share", "../lib//x/./y")).isEqualTo("/usr/lib/x/y");
        assertThat(ContainerFilesystem.resolve("/tmp", "/../..")).isEqualTo("/");
        assertThat(ContainerFilesystem.resolve("/", "a/b/")).isEqualTo("/a/b");
    }

    @Test
    void failuresCarryTheErrnoText() {
        filesystem.mkdir("/d", false);
        filesystem.write("/d/f", bytes("x"), false);
        assertThatThrownBy(() -> filesystem.read("/d/missing")).hasMessage(FileError.NOT_FOUND);
        assertThatThrownBy(() -> filesystem.read("/d")).hasMessage(FileError.IS_A_DIRECTORY);
        assertThatThrownBy(() -> filesystem.write("/d/f/g", bytes("x"), false)).hasMessage(FileError.NOT_A_DIRECTORY);
        assertThatThrownBy(() -> filesystem.mkdir("/d", false)).hasMessage(FileError.EXISTS);
        assertThatThrownBy(() -> filesystem.remove("/d", false, true)).hasMessage(FileError.NOT_EMPTY);
        assertThatThrownBy(() -> filesystem.mkdir("/a/b", false)).hasMessage(FileError.NOT_FOUND);
    }

    @Test
    void writesAppendsAndRenames() {
        filesystem.mkdir("/d/e", true);
        filesystem.write("/d/f", bytes("one\n"), false);
        filesystem.write("/d/f", bytes("two\n"), true);
        filesystem.rename("/d/f", "/d/e/g");
        assertThat(new String(filesystem.read("/d/e/g"), StandardCharsets.UTF_8)).isEqualTo("one\ntwo\n");
        assertThat(filesystem.exists("/d/f")).isFalse();
        assertThatThrownBy(() -> filesystem.rename("/d", "/d/e/h")).hasMessage(FileError.INVALID);
    }

    @Test
    void aMountedVolumeIsTheSameDirectoryInEveryFilesystemThatMountsIt() {
        FileNode.Directory volume = new FileNode.Directory(0755, CLOCK.instant());
        ContainerFilesystem other = new ContainerFilesystem(CLOCK);
        filesystem.mount("/usr/share/nginx/html", volume);
        other.mount("/data", volume);
        filesystem.write("/usr/share/nginx/html/index.html", bytes("web-0\n"), false);
        assertThat(other.read("/data/index.html")).isEqualTo(bytes("web-0\n"));
    }

    @Test
    void aReadOnlyMountRefusesWrites() {
        filesystem.mount("/config", new FileNode.Directory(0755, CLOCK.instant(), true));
        assertThatThrownBy(() -> filesystem.write("/config/x", bytes("x"), false)).hasMessage(FileError.READ_ONLY);
    }

    @Test
    void writesToProcOneFdOneBecomeLogLines() {
        ContainerLog log = new ContainerLog(CLOCK);
        ImageLayout.apply(filesystem, log);
        filesystem.write("/proc/1/fd/1", bytes("from exec\n"), true);
        filesystem.write("/dev/null", bytes("gone\n"), true);
        assertThat(log.lines()).extracting(line -> new String(line.bytes(), StandardCharsets.UTF_8))
                .containsExactly("from exec\n");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
