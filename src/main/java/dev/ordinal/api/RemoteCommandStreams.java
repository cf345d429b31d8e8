package dev.ordinal.api;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.registry.rest.PodExecOptions;
import dev.ordinal.registry.rest.RemoteCommand;
import dev.ordinal.registry.rest.TerminalSize;

/**
 * Serves exec and attach over a WebSocket, as the kubelet's {@code cri/streaming/remotecommand}
 * server and kube-apiserver's stream translator do: the subprotocol is negotiated
 * ({@link ChannelProtocol}), one empty message on the lowest writable channel says the streams are
 * ready, the process runs with the client's stdin and its stdout and stderr as channel messages,
 * and when it ends its outcome goes on the error channel, once, before a normal close (1000).
 * A client that closes ends stdin (v4 clients have no other way to) and, if the process does not
 * finish on that soon, the process is killed.
 */
@Component
class RemoteCommandStreams {

    /** Larger messages are sent in pieces; kubectl itself writes at most 32 KiB. */
    private static final int CHUNK = 32 * 1024;
    private static final int MAX_MESSAGE = 1024 * 1024;
    /** How long a process whose client left may take to finish on end of input before it is killed. */
    private static final long DRAIN_SECONDS = 5;

    private static final List<String> SPDY_VERSIONS = List.of("v4.channel.k8s.io", "v3.channel.k8s.io",
            "v2.channel.k8s.io", "channel.k8s.io");

    private final JsonMapper mapper;
    private final AtomicInteger sessions = new AtomicInteger();
    private final ExecutorService processes = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "remote-command-" + sessions.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    RemoteCommandStreams(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** Answers 403 with no body when no offered subprotocol is served, as the kubelet's handshake does. */
    void serve(HttpServletRequest request, HttpServletResponse response, RemoteCommand command,
               PodExecOptions options) throws IOException {
        List<String> offered = Arrays.stream(String.valueOf(request.getHeader("Sec-WebSocket-Protocol"))
                        .split(","))
                .map(String::trim).filter(token -> !token.isEmpty() && !token.equals("null")).toList();
        ChannelProtocol protocol = ChannelProtocol.negotiate(offered).orElse(null);
        if (protocol == null) {
            response.setStatus(403);
            response.setContentLength(0);
            return;
        }
        Endpoint endpoint = new Connection(protocol, command, options);
        ServerContainer container = (ServerContainer) request.getServletContext()
                .getAttribute(ServerContainer.class.getName());
        List<String> echoed = offered.isEmpty() ? List.of() : List.of(protocol.token());
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(endpoint.getClass(), request.getRequestURI())
                .subprotocols(echoed)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> type) {
                        return type.cast(endpoint);
                    }

                    @Override
                    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
                        return echoed.isEmpty() ? "" : echoed.get(0);
                    }
                })
                .build();
        try {
            container.upgradeHttpToWebSocket(request, response, config, Map.of());
        } catch (DeploymentException e) {
            throw new IllegalStateException("cannot serve a remote command over WebSocket", e);
        }
    }

    /**
     * Answers a request upgrading to SPDY/3.1 (kubectl before 1.30, and every kubectl's fallback):
     * the kubelet serves v4 down to v1 of the stream protocol, whatever newer ones are offered.
     */
    void serveSpdy(HttpServletRequest request, HttpServletResponse response, RemoteCommand command,
                   PodExecOptions options) throws IOException {
        Optional<String> version = SpdyUpgrade.handshake(request, response, SPDY_VERSIONS);
        if (version.isPresent()) {
            SpdyUpgrade.upgrade(request, response, transport -> {
                SpdyRemoteCommand streams = new SpdyRemoteCommand(command, options, version.get(), mapper, processes);
                SpdyConnection connection = new SpdyConnection(transport, streams);
                streams.attachTo(connection);
                return connection;
            });
        }
    }

    @PreDestroy
    void shutdown() {
        processes.shutdownNow();
    }

    /** One client's session with one process. */
    private final class Connection extends Endpoint {
        private final ChannelProtocol protocol;
        private final RemoteCommand command;
        private final PodExecOptions options;
        private final ChannelInput stdin = new ChannelInput();
        private final TerminalSize size = new TerminalSize();
        /** Cleared by a resize message that does not decode: later ones are ignored, as the kubelet stops reading them. */
        private volatile boolean resizing = true;
        private Session session;
        private Future<?> process;

        Connection(ChannelProtocol protocol, RemoteCommand command, PodExecOptions options) {
            this.protocol = protocol;
            this.command = command;
            this.options = options;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            this.session = session;
            protocol.receive(session, MAX_MESSAGE, this::receive);
            if (!options.stdin()) {
                stdin.close();
            }
            int ready = options.stdout() ? ChannelProtocol.STDOUT
                    : options.stderr() && !options.tty() ? ChannelProtocol.STDERR : ChannelProtocol.ERROR;
            send(ready, new byte[0], 0, 0);
            process = processes.submit(this::run);
        }

        /**
         * Resizes change the session's terminal; frames for channels nobody reads (stdin not asked
         * for, resize without a terminal, unknown ones) are dropped, as upstream's.
         */
        private void receive(ChannelProtocol.Frame frame) {
            if (frame == null) {
                return;
            }
            if (frame.channel() == ChannelProtocol.STDIN && options.stdin()) {
                stdin.offer(frame.data());
            } else if (frame.channel() == ChannelProtocol.RESIZE && options.tty() && resizing) {
                resizing = TerminalResize.apply(mapper, frame.data(), size);
            } else if (frame.channel() == ChannelProtocol.CLOSE && protocol.closeSignal()) {
                if (frame.data().length == 1 && frame.data()[0] == ChannelProtocol.STDIN) {
                    stdin.close();
                } else {
                    close(CloseReason.CloseCodes.PROTOCOL_ERROR);
                }
            }
        }

        private void run() {
            OutputStream stdout = options.stdout() ? channel(ChannelProtocol.STDOUT) : OutputStream.nullOutputStream();
            OutputStream stderr = options.tty() ? stdout
                    : options.stderr() ? channel(ChannelProtocol.STDERR) : OutputStream.nullOutputStream();
            byte[] status;
            try {
                OptionalInt exit = command.run(stdin, stdout, stderr, size);
                flush(stdout, stderr);
                status = RemoteCommandStatus.exit(mapper, protocol.statusOnErrorChannel(), options.command(), exit);
            } catch (StatusError error) {
                flush(stdout, stderr);
                status = RemoteCommandStatus.failure(mapper, protocol.statusOnErrorChannel(), error);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (status.length > 0) {
                send(ChannelProtocol.ERROR, status, 0, status.length);
            }
            close(CloseReason.CloseCodes.NORMAL_CLOSURE);
        }

        /** Each channel's output goes out in messages of at most {@link #CHUNK} bytes, on every flush. */
        private OutputStream channel(int channel) {
            return new BufferedOutputStream(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    if (!session.isOpen()) {
                        throw new IOException("the client closed the connection");
                    }
                    for (int start = offset; start < offset + length; start += CHUNK) {
                        send(channel, bytes, start, Math.min(CHUNK, offset + length - start));
                    }
                }
            }, CHUNK);
        }

        private void flush(OutputStream stdout, OutputStream stderr) {
            try {
                stdout.flush();
                stderr.flush();
            } catch (IOException ignored) {
                // the client is gone; nothing more reaches it
            }
        }

        private void send(int channel, byte[] data, int offset, int length) {
            protocol.send(session, channel, data, offset, length);
        }

        private void close(CloseReason.CloseCode code) {
            synchronized (session) {
                try {
                    if (session.isOpen()) {
                        session.close(new CloseReason(code, ""));
                    }
                } catch (IOException ignored) {
                    // closed already
                }
            }
        }

        /**
         * The client closed: its input ends (how a v4 client says so, e.g. fabric8's upload), and a
         * process that does not finish on that is killed; waiting here delays the close answer, so
         * the client's next request sees what the process wrote.
         */
        @Override
        public void onClose(Session session, CloseReason reason) {
            stdin.close();
            if (process == null) {
                return;
            }
            try {
                process.get(DRAIN_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                process.cancel(true);
            } catch (InterruptedException e) {
                process.cancel(true);
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException ignored) {
                // the process failed; its session is over all the same
            }
        }

        @Override
        public void onError(Session session, Throwable error) {
            stdin.close();
            if (process != null) {
                process.cancel(true);
            }
        }
    }
}
