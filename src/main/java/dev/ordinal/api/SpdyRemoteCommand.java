package dev.ordinal.api;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.registry.rest.PodExecOptions;
import dev.ordinal.registry.rest.RemoteCommand;
import dev.ordinal.registry.rest.TerminalSize;

/**
 * exec and attach over SPDY, as the kubelet's {@code remotecommand/httpstream.go} serves them:
 * the client opens one stream per standard stream it asked for, by {@code streamtype}
 * ({@code error}, {@code stdin}, {@code stdout}, {@code stderr}, {@code resize} with a terminal);
 * when all have arrived the process runs; then stdout and stderr are closed, the outcome goes on
 * the error stream (a {@code Status} from v4, text before), and the connection is closed.
 */
final class SpdyRemoteCommand implements SpdyConnection.StreamHandler {

    private static final int BUFFER = 32 * 1024;
    private static final Set<String> STREAM_TYPES = Set.of("error", "stdin", "stdout", "stderr", "resize");

    private final RemoteCommand command;
    private final PodExecOptions options;
    private final boolean statusJson;
    private final JsonMapper mapper;
    private final Executor threads;
    private final Map<String, SpdyStream> streams = new ConcurrentHashMap<>();
    private final int expected;
    private SpdyConnection connection;

    /**
     * @param version the negotiated {@code X-Stream-Protocol-Version}: v4 brings the Status and,
     *                like v3, the resize stream
     */
    SpdyRemoteCommand(RemoteCommand command, PodExecOptions options, String version, JsonMapper mapper,
                      Executor threads) {
        this.command = command;
        this.options = options;
        this.statusJson = version.equals("v4.channel.k8s.io");
        this.mapper = mapper;
        this.threads = threads;
        boolean resize = options.tty() && (statusJson || version.equals("v3.channel.k8s.io"));
        this.expected = 1 + count(options.stdin()) + count(options.stdout()) + count(options.stderr() && !options.tty())
                + count(resize);
    }

    private static int count(boolean wanted) {
        return wanted ? 1 : 0;
    }

    void attachTo(SpdyConnection connection) {
        this.connection = connection;
    }

    @Override
    public boolean accept(SpdyStream stream) {
        String type = stream.header("streamtype");
        if (!STREAM_TYPES.contains(type)
                || streams.putIfAbsent(type, stream) != null) {
            return false;
        }
        if (streams.size() == expected) {
            threads.execute(this::run);
        }
        return true;
    }

    private void run() {
        InputStream stdin = streams.containsKey("stdin") ? streams.get("stdin").input() : InputStream.nullInputStream();
        OutputStream stdout = output("stdout");
        OutputStream stderr = options.tty() ? stdout : output("stderr");
        TerminalSize size = new TerminalSize();
        SpdyStream resize = streams.get("resize");
        if (resize != null) {
            threads.execute(() -> TerminalResize.follow(mapper, resize.input(), size));
        }
        byte[] status;
        try {
            OptionalInt exit = command.run(stdin, stdout, stderr, size);
            status = RemoteCommandStatus.exit(mapper, statusJson, options.command(), exit);
        } catch (StatusError error) {
            status = RemoteCommandStatus.failure(mapper, statusJson, error);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.close();
            return;
        }
        try {
            stdout.close();
            stderr.close();
            OutputStream error = streams.get("error").output();
            error.write(status);
            error.close();
        } catch (IOException ignored) {
            // the client is gone
        }
        connection.close();
    }

    private OutputStream output(String type) {
        SpdyStream stream = streams.get(type);
        return stream == null ? OutputStream.nullOutputStream() : new BufferedOutputStream(stream.output(), BUFFER) {
            @Override
            public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
                super.write(bytes, offset, length);
                flush();
            }
        };
    }
}
