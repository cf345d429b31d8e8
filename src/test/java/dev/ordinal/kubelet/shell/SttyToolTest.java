package dev.ordinal.kubelet.shell;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ordinal.kubelet.container.Container;
import dev.ordinal.kubelet.container.ContainerFilesystem;
import dev.ordinal.kubelet.container.ContainerLog;
import dev.ordinal.kubelet.container.ImageLayout;
import dev.ordinal.registry.rest.TerminalSize;

import static org.assertj.core.api.Assertions.assertThat;

/** stty on a terminal whose size the client set, and without one; COLUMNS and LINES following it. */
class SttyToolTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC);

    private final Container container;
    private final TerminalSize size = new TerminalSize();

    SttyToolTest() {
        ContainerFilesystem filesystem = new ContainerFilesystem(CLOCK);
        ContainerLog log = new ContainerLog(CLOCK);
        ImageLayout.apply(filesystem, log);
        Tools.install(filesystem);
        container = new Container("app", filesystem, "web-0", Container.User.ROOT, Map.of("PATH", "/bin"), "/", log);
    }

    private record Run(int status, String out) {
    }

    /** Runs {@code argv} on a terminal of {@link #size}, with {@code keys} typed. */
    private Run onTerminal(String keys, String... argv) {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Io io = Terminal.of(new Io(new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)), screen, screen),
                size);
        int status = new Shell(container, true).execute(List.of(argv), io);
        return new Run(status, screen.toString(StandardCharsets.UTF_8));
    }

    @Test
    void sizeIsTheRowsAndColumnsLastSet() {
        assertThat(onTerminal("", "stty", "size")).isEqualTo(new Run(0, "0 0\r\n"));
        size.resize(30, 100);
        size.resize(40, 120);
        assertThat(onTerminal("", "stty", "size")).isEqualTo(new Run(0, "40 120\r\n"));
        assertThat(onTerminal("", "stty", "-a"))
                .isEqualTo(new Run(0, "speed 38400 baud; rows 40; columns 120; line = 0;\r\n"));
    }

    @Test
    void withoutATerminalTheIoctlFails() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Shell(container, false).execute(List.of("sh", "-c", "stty size"),
                new Io(Io.NO_INPUT, out, err));
        assertThat(status).isEqualTo(1);
        assertThat(out.size()).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("stty: standard input: Inappropriate ioctl for device\n");
    }

    @Test
    void anInteractiveShellsColumnsAndLinesFollowTheTerminal() {
        size.resize(30, 100);
        assertThat(onTerminal("echo $COLUMNS $LINES\r", "sh").out()).isEqualTo("/ # echo $COLUMNS $LINES\r\n"
                + "100 30\r\n/ # ");
    }
}
