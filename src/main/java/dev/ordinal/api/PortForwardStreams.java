package dev.ordinal.api;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.springframework.stereotype.Component;

import dev.ordinal.registry.rest.PortForward;

/**
 * Serves pods/portforward over each transport clients use: SPDY/3.1 by HTTP upgrade (kubectl
 * before 1.31, and its fallback), SPDY/3.1 tunnelled in a WebSocket (kubectl from 1.31,
 * {@code SPDY/3.1+portforward.k8s.io}, kube-apiserver's {@code PortForwardWebsockets}), and the
 * kubelet's WebSocket channel protocol ({@code portforward/websocket.go}: fabric8, client-java).
 */
@Component
class PortForwardStreams {

    /** The sub-protocol of SPDY, and of the tunnel as {@link #TUNNEL} names it (apimachinery's portforward constants). */
    static final String PORT_FORWARD = "portforward.k8s.io";
    static final String TUNNEL = "SPDY/3.1+" + PORT_FORWARD;

    /** Clients write at most 32 KiB at once; larger messages are accepted all the same. */
    private static final int MAX_MESSAGE = 1024 * 1024;

    private final AtomicInteger forwards = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "port-forward-" + forwards.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    @PreDestroy
    void shutdown() {
        threads.shutdownNow();
    }

    /** Answers an upgrade request for the pod's ports; {@code upgrade} is its {@code Upgrade} header. */
    void serve(HttpServletRequest request, HttpServletResponse response, PortForward pod, String upgrade)
            throws IOException {
        if (upgrade.equalsIgnoreCase("SPDY/3.1")) {
            if (SpdyUpgrade.handshake(request, response, List.of(PORT_FORWARD)).isPresent()) {
                SpdyUpgrade.upgrade(request, response,
                        transport -> new SpdyConnection(transport, new SpdyPortForward(pod, threads)));
            }
            return;
        }
        List<String> offered = WebSocketUpgrade.offered(request);
        if (offered.contains(TUNNEL)) {
            WebSocketUpgrade.upgrade(request, response, new Tunnel(pod), TUNNEL);
            return;
        }
        ChannelProtocol protocol = offered.isEmpty() ? ChannelProtocol.V1
                : offered.contains(ChannelProtocol.V4.token()) ? ChannelProtocol.V4
                : offered.contains(ChannelProtocol.V4_BASE64.token()) ? ChannelProtocol.V4_BASE64 : null;
        if (protocol == null) {
            // the kubelet's WebSocket handshake refuses a sub-protocol it does not serve with a bare 403
            response.setStatus(403);
            response.setContentLength(0);
            return;
        }
        List<Integer> ports = ports(request, response);
        if (ports != null) {
            WebSocketUpgrade.upgrade(request, response, new Channels(protocol, pod, ports),
                    offered.isEmpty() ? "" : protocol.token());
        }
    }

    /**
     * The {@code ports} of a WebSocket request, each occurrence possibly a comma-separated list
     * ({@code extractPortForwardParameters}); null after answering 400 with the kubelet's text.
     */
    private static List<Integer> ports(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] values = request.getParameterValues("ports");
        if (values == null || values.length == 0) {
            badRequest(response, "query parameter \"ports\" is required");
            return null;
        }
        List<Integer> ports = new ArrayList<>();
        for (String value : values) {
            for (String token : value.split(",")) {
                int port;
                try {
                    port = Integer.parseInt(token.trim());
                } catch (NumberFormatException e) {
                    badRequest(response, "unable to parse \"" + token + "\" as a port: strconv.ParseUint: parsing \""
                            + token + "\": invalid syntax");
                    return null;
                }
                if (port < 1 || port > 65535) {
                    badRequest(response, "port \"" + token + "\" must be > 0");
                    return null;
                }
                ports.add(port);
            }
        }
        return ports;
    }

    /**
     * The ports a request names that are ports, for CONNECT admission's PodPortForwardOptions; the
     * kubelet's answer to the others comes after, at the upgrade ({@link #ports}).
     */
    static List<Integer> requestedPorts(HttpServletRequest request) {
        String[] values = request.getParameterValues("ports");
        List<Integer> ports = new ArrayList<>();
        for (String value : values == null ? new String[0] : values) {
            for (String token : value.split(",")) {
                try {
                    int port = Integer.parseInt(token.trim());
                    if (port >= 1 && port <= 65535) {
                        ports.add(port);
                    }
                } catch (NumberFormatException e) {
                    // not a port: refused at the upgrade
                }
            }
        }
        return ports;
    }

    private static void badRequest(HttpServletResponse response, String message) throws IOException {
        response.setStatus(400);
        response.setContentType("text/plain; charset=utf-8");
        response.getWriter().write(message + "\n");
    }

    /**
     * The kubelet's WebSocket port-forward: per requested port {@code i} a data channel
     * {@code 2i} and an error channel {@code 2i+1}, each first sent the port as two
     * little-endian bytes; one connection to each port, the socket closed when all have ended.
     */
    private final class Channels extends Endpoint {
        private final ChannelProtocol protocol;
        private final PortForward pod;
        private final List<Integer> ports;
        private final List<ChannelInput> inputs = new ArrayList<>();
        private final AtomicInteger running = new AtomicInteger();
        private Session session;

        Channels(ChannelProtocol protocol, PortForward pod, List<Integer> ports) {
            this.protocol = protocol;
            this.pod = pod;
            this.ports = ports;
            ports.forEach(port -> inputs.add(new ChannelInput()));
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            this.session = session;
            protocol.receive(session, MAX_MESSAGE, this::receive);
            for (int i = 0; i < ports.size(); i++) {
                byte[] port = {(byte) (ports.get(i) & 0xff), (byte) (ports.get(i) >> 8)};
                send(2 * i, port, port.length);
                send(2 * i + 1, port, port.length);
            }
            running.set(ports.size());
            for (int i = 0; i < ports.size(); i++) {
                int index = i;
                threads.execute(() -> forward(index));
            }
        }

        /** Data for a port's data channel; anything else a client sends is ignored, as the kubelet's reader does. */
        private void receive(ChannelProtocol.Frame frame) {
            if (frame != null && frame.channel() % 2 == 0 && frame.channel() / 2 < inputs.size()) {
                inputs.get(frame.channel() / 2).offer(frame.data());
            }
        }

        private void forward(int index) {
            int channel = 2 * index;
            OutputStream toClient = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    if (!session.isOpen()) {
                        throw new IOException("the client closed the connection");
                    }
                    byte[] chunk = new byte[length];
                    System.arraycopy(bytes, offset, chunk, 0, length);
                    send(channel, chunk, length);
                }
            };
            try {
                pod.forward(ports.get(index), inputs.get(index), toClient);
            } catch (ConnectException e) {
                byte[] message = e.getMessage().getBytes(StandardCharsets.UTF_8);
                send(channel + 1, message, message.length);
            } catch (IOException e) {
                // one side went away mid-connection
            } finally {
                if (running.decrementAndGet() == 0) {
                    close();
                }
            }
        }

        private void send(int channel, byte[] data, int length) {
            protocol.send(session, channel, data, 0, length);
        }

        private void close() {
            synchronized (session) {
                try {
                    if (session.isOpen()) {
                        session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
                    }
                } catch (IOException ignored) {
                    // closed already
                }
            }
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            inputs.forEach(ChannelInput::close);
        }

        @Override
        public void onError(Session session, Throwable error) {
            inputs.forEach(ChannelInput::close);
        }
    }

    /**
     * client-go's port-forward tunnel: every binary message is a slice of one SPDY byte stream
     * (kube-apiserver's {@code streamtunnel.go} joins them for the kubelet's SPDY server); a close
     * is the end of that stream.
     */
    private final class Tunnel extends Endpoint {
        private final PortForward pod;
        private SpdyConnection connection;

        Tunnel(PortForward pod) {
            this.pod = pod;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.setMaxBinaryMessageBufferSize(MAX_MESSAGE);
            connection = new SpdyConnection(new SpdyConnection.Transport() {
                @Override
                public void write(byte[] bytes) throws IOException {
                    synchronized (session) {
                        session.getBasicRemote().sendBinary(ByteBuffer.wrap(bytes));
                    }
                }

                @Override
                public void close() {
                    try {
                        session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
                    } catch (IOException ignored) {
                        // closed already
                    }
                }
            }, new SpdyPortForward(pod, threads));
            session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) message -> {
                byte[] bytes = new byte[message.remaining()];
                message.get(bytes);
                try {
                    connection.receive(bytes, 0, bytes.length);
                } catch (IOException e) {
                    connection.close();
                }
            });
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) message -> {
                // the tunnel carries bytes only; a text message is a protocol error
                try {
                    session.close(new CloseReason(CloseReason.CloseCodes.PROTOCOL_ERROR, "text message in tunnel"));
                } catch (IOException ignored) {
                    // closed already
                }
            });
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            connection.ended();
        }

        @Override
        public void onError(Session session, Throwable error) {
            connection.ended();
        }
    }
}
