package dev.ordinal.kubelet.shell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

import dev.ordinal.registry.rest.TerminalSize;

/**
 * The pseudo-terminal between a {@code -t} client and a process: the line discipline of a pty in
 * its default (cooked) mode. Keys are echoed, backspace and Ctrl-U edit the line, Enter hands it
 * to the process, Ctrl-D on an empty line is end of file, Ctrl-C drops the line; output's
 * {@code \n} becomes {@code \r\n}, as {@code onlcr} makes it. Its window size is the one the
 * client last sent, which a program finds through its standard input, as {@code TIOCGWINSZ} does.
 */
public final class Terminal {

    private Terminal() {
    }

    /** The process's side of a terminal whose client side is {@code client}; stderr goes to the terminal too. */
    public static Io of(Io client, TerminalSize size) {
        OutputStream screen = new Screen(client.out());
        return new Io(new LineInput(client.in(), screen, size), screen, screen);
    }

    /** The window size of the terminal {@code input} reads from; empty when it is no terminal. */
    static Optional<TerminalSize.Window> window(InputStream input) {
        return input instanceof LineInput terminal ? Optional.of(terminal.size.window()) : Optional.empty();
    }

    private static final class Screen extends OutputStream {
        private final OutputStream out;

        Screen(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            ByteArrayOutputStream translated = new ByteArrayOutputStream(length + 16);
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    translated.write('\r');
                }
                translated.write(bytes[i]);
            }
            out.write(translated.toByteArray());
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    private static final class LineInput extends InputStream {
        private final InputStream keys;
        private final OutputStream echo;
        private final TerminalSize size;
        private byte[] line = new byte[0];
        private int position;
        private boolean ended;

        LineInput(InputStream keys, OutputStream echo, TerminalSize size) {
            this.keys = keys;
            this.echo = echo;
            this.size = size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (position == line.length && !readLine()) {
                return -1;
            }
            int n = Math.min(length, line.length - position);
            System.arraycopy(line, position, bytes, offset, n);
            position += n;
            return n;
        }

        /** Reads keys until a line is complete; false at end of file. */
        private boolean readLine() throws IOException {
            if (ended) {
                return false;
            }
            ByteArrayOutputStream edited = new ByteArrayOutputStream();
            while (true) {
                int key = keys.read();
                switch (key) {
                    case -1 -> {
                        ended = true;
                        return finish(edited);
                    }
                    case '\r', '\n' -> {
                        show("\n");
                        edited.write('\n');
                        return finish(edited);
                    }
                    case 0x04 -> {
                        if (edited.size() == 0) {
                            ended = true;
                            return false;
                        }
                        return finish(edited);
                    }
                    case 0x7f, 0x08 -> {
                        if (edited.size() > 0) {
                            byte[] kept = edited.toByteArray();
                            edited.reset();
                            edited.write(kept, 0, kept.length - 1);
                            show("\b \b");
                        }
                    }
                    case 0x15 -> {
                        show("\b \b".repeat(edited.size()));
                        edited.reset();
                    }
                    case 0x03 -> {
                        show("^C\n");
                        edited.reset();
                        edited.write('\n');
                        return finish(edited);
                    }
                    default -> {
                        edited.write(key);
                        echo.write(key);
                        echo.flush();
                    }
                }
            }
        }

        private boolean finish(ByteArrayOutputStream edited) {
            line = edited.toByteArray();
            position = 0;
            return line.length > 0;
        }

        private void show(String text) throws IOException {
            echo.write(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            echo.flush();
        }
    }
}
