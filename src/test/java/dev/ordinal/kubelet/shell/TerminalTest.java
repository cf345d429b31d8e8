package dev.ordinal.kubelet.shell;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.ordinal.registry.rest.TerminalSize;

import static org.assertj.core.api.Assertions.assertThat;

/** A pty's cooked mode: echo, line editing, Enter, Ctrl-D, and \n written as \r\n. */
class TerminalTest {

    @Test
    void keysAreEchoedEditedAndHandedOverByTheLine() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Io terminal = Terminal.of(new Io(new ByteArrayInputStream("ecx\u007fho\r\u0004".getBytes(StandardCharsets.US_ASCII)),
                screen, screen), new TerminalSize());

        byte[] line = terminal.in().readAllBytes();

        assertThat(new String(line, StandardCharsets.US_ASCII)).isEqualTo("echo\n");
        assertThat(screen.toString(StandardCharsets.US_ASCII)).isEqualTo("ecx\b \bho\r\n");
    }

    @Test
    void outputNewlinesBecomeCarriageReturnNewline() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Io terminal = Terminal.of(new Io(Io.NO_INPUT, screen, screen), new TerminalSize());

        terminal.print("a\nb\n");

        assertThat(screen.toString(StandardCharsets.US_ASCII)).isEqualTo("a\r\nb\r\n");
    }
}
