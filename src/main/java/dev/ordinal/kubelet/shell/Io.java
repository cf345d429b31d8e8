package dev.ordinal.kubelet.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A process's standard streams: file descriptors 0, 1 and 2. */
public record Io(InputStream in, OutputStream out, OutputStream err) {

    /** No input: reading gives end of file at once. */
    public static final InputStream NO_INPUT = InputStream.nullInputStream();

    public Io withIn(InputStream in) {
        return new Io(in, out, err);
    }

    public Io withOut(OutputStream out) {
        return new Io(in, out, err);
    }

    public void print(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public void error(String text) throws IOException {
        err.write(text.getBytes(StandardCharsets.UTF_8));
        err.flush();
    }
}
