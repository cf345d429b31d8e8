package dev.ordinal.kubelet.shell;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

import dev.ordinal.kubelet.container.Container;
import dev.ordinal.kubelet.container.ContainerFilesystem;
import dev.ordinal.kubelet.container.ContainerLog;
import dev.ordinal.kubelet.container.ImageLayout;

import static org.assertj.core.api.Assertions.assertThat;

/** tar as kubectl cp runs it: {@code tar cf - /abs/path} one way, {@code tar -xmf - -C dir} the other. */
class TarToolTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC);

    private static Container container() {
        ContainerFilesystem filesystem = new ContainerFilesystem(CLOCK);
        ContainerLog log = new ContainerLog(CLOCK);
        ImageLayout.apply(filesystem, log);
        Tools.install(filesystem);
        return new Container("app", filesystem, "web-0", Container.User.ROOT, Map.of(), "/", log);
    }

    private static byte[] run(Container container, byte[] input, ByteArrayOutputStream err, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = new Shell(container, false).execute(List.of(argv),
                new Io(new ByteArrayInputStream(input), out, err));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toByteArray();
    }

    @Test
    void createsMembersWithoutTheLeadingSlashAndExtractsThemElsewhere() throws Exception {
        Container source = container();
        source.filesystem().mkdir("/data/dir/empty", true);
        source.filesystem().write("/data/dir/a.txt", "alpha\n".getBytes(StandardCharsets.UTF_8), false);
        source.filesystem().write("/data/dir/sub.txt", new byte[70_000], false);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        byte[] archive = run(source, new byte[0], err, "tar", "cf", "-", "/data/dir");

        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("tar: Removing leading `/' from member names\n");
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(archive))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                names.add(entry.getName());
            }
        }
        assertThat(names).containsExactly("data/dir/", "data/dir/a.txt", "data/dir/empty/", "data/dir/sub.txt");

        Container target = container();
        run(target, archive, new ByteArrayOutputStream(), "tar", "-xmf", "-", "-C", "/tmp");
        assertThat(target.filesystem().read("/tmp/data/dir/a.txt")).isEqualTo("alpha\n".getBytes(StandardCharsets.UTF_8));
        assertThat(target.filesystem().read("/tmp/data/dir/sub.txt")).hasSize(70_000);
        assertThat(target.filesystem().isDirectory("/tmp/data/dir/empty")).isTrue();
    }

    @Test
    void aMissingSourceIsStatusTwoWithGnuTarsMessages() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Shell(container(), false).execute(List.of("tar", "cf", "-", "/nope"),
                new Io(Io.NO_INPUT, new ByteArrayOutputStream(), err));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "tar: /nope: Cannot stat: No such file or directory\n"
                        + "tar: Exiting with failure status due to previous errors\n");
    }

    @Test
    void extractingIntoAMissingDirectoryFails() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Shell(container(), false).execute(List.of("tar", "-xmf", "-", "-C", "/missing"),
                new Io(Io.NO_INPUT, new ByteArrayOutputStream(), err));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("tar: /missing: Cannot open: No such file or directory\n");
    }
}
