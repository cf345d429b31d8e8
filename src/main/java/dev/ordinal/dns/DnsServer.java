package dev.ordinal.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * Serves cluster DNS on one port over UDP and TCP, as CoreDNS does on 53: one thread reads UDP
 * queries and answers each at once (answers come from memory); every TCP connection has a thread
 * of its own, carrying length-prefixed queries until it goes idle, so idle connections never keep
 * another client waiting. UDP answers respect the client's EDNS buffer size (512 bytes without
 * EDNS) and are truncated (TC) beyond it. Messages that are responses are dropped unanswered, as
 * CoreDNS's server (miekg/dns) ignores them, so the server can't be made to answer an answer.
 */
@Component
public class DnsServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DnsServer.class);
    /** Connections served at once; one more is closed at once (miekg/dns has no such cap; threads cost more). */
    static final int MAX_TCP_CONNECTIONS = 256;
    /** How long a TCP connection may sit without a query: miekg/dns's idle timeout (RFC 7766 §6.2.3). */
    private static final int TCP_IDLE_MILLIS = 8_000;
    private static final int EDNS_PAYLOAD = 1232;
    private static final int BIND_ATTEMPTS = 5;

    private final ClusterDnsResolver resolver;
    private final DnsProperties properties;
    private volatile boolean running;
    private DatagramSocket udp;
    private ServerSocket tcp;
    private ExecutorService connections;
    private final Semaphore connectionSlots = new Semaphore(MAX_TCP_CONNECTIONS);

    public DnsServer(ClusterDnsResolver resolver, DnsProperties properties) {
        this.resolver = resolver;
        this.properties = properties;
    }

    /** The port the server listens on, UDP and TCP alike (known once started). */
    public int port() {
        return tcp.getLocalPort();
    }

    @Override
    public synchronized void start() {
        try {
            bind(InetAddress.getByName(properties.address()), properties.port());
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve DNS on " + properties.address() + ":" + properties.port(), e);
        }
        running = true;
        connections = Executors.newCachedThreadPool(daemon("dns-tcp"));
        daemon("dns-udp").newThread(this::serveUdp).start();
        daemon("dns-tcp-accept").newThread(this::acceptTcp).start();
        log.info("Serving DNS for {} on {}:{} (UDP and TCP)", properties.clusterDomain(), properties.address(), port());
    }

    /** Binds TCP first, then UDP to the same port; a random port is retried if UDP has it taken. */
    private void bind(InetAddress address, int port) throws IOException {
        for (int attempt = 1; ; attempt++) {
            ServerSocket stream = new ServerSocket();
            stream.setReuseAddress(true);
            stream.bind(new InetSocketAddress(address, port));
            try {
                udp = new DatagramSocket(new InetSocketAddress(address, stream.getLocalPort()));
                tcp = stream;
                return;
            } catch (SocketException e) {
                stream.close();
                if (port != 0 || attempt == BIND_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            log.debug("closing the DNS TCP socket", e);
        }
        connections.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void serveUdp() {
        byte[] buffer = new byte[65_535];
        while (running) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
                byte[] query = Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getLength());
                byte[] answer = answer(query, true);
                if (answer != null) {
                    udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                if (running) {
                    log.debug("DNS over UDP", e);
                }
            }
        }
    }

    private void acceptTcp() {
        while (running) {
            try {
                Socket socket = tcp.accept();
                if (!connectionSlots.tryAcquire()) {
                    socket.close();
                    continue;
                }
                try {
                    connections.execute(() -> {
                        try {
                            serveTcp(socket);
                        } finally {
                            connectionSlots.release();
                        }
                    });
                } catch (RejectedExecutionException e) {
                    connectionSlots.release();
                    socket.close();
                }
            } catch (IOException e) {
                if (running) {
                    log.debug("DNS over TCP", e);
                }
            }
        }
    }

    private void serveTcp(Socket socket) {
        try (socket) {
            socket.setSoTimeout(TCP_IDLE_MILLIS);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (running) {
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                byte[] answer = answer(query, false);
                if (answer == null) {
                    continue;
                }
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (EOFException e) {
            // The client is done.
        } catch (IOException e) {
            log.debug("DNS over TCP", e);
        }
    }

    /**
     * The wire answer to a wire query; null for what gets none: a message too short to carry an
     * ID, or one whose header says it is a response (QR).
     */
    private byte[] answer(byte[] wire, boolean udp) {
        if (wire.length < 3 || (wire[2] & 0x80) != 0) {
            return null;
        }
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            Message error = new Message((wire[0] & 0xff) << 8 | wire[1] & 0xff);
            error.getHeader().setFlag(Flags.QR);
            error.getHeader().setRcode(Rcode.FORMERR);
            return error.toWire();
        }
        Message response = resolver.answer(query);
        OPTRecord edns = query.getOPT();
        if (edns != null) {
            response.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
        if (!udp) {
            return response.toWire();
        }
        int limit = edns == null ? 512 : Math.max(512, Math.min(edns.getPayloadSize(), EDNS_PAYLOAD));
        return response.toWire(limit);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
