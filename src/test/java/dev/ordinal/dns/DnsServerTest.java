package dev.ordinal.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The DNS server's transport: what a client that misbehaves can and cannot do to the others. */
class DnsServerTest {

    private static final Name UNKNOWN = Name.fromConstantString("nothing.default.svc.cluster.local.");

    private DnsServer server;
    private final List<Socket> idle = new ArrayList<>();

    @BeforeEach
    void start() {
        DnsProperties properties = new DnsProperties("cluster.local", 5L, null, "127.0.0.1", 0);
        server = new DnsServer(new ClusterDnsResolver(new RecordIndex(Clock.systemUTC()), properties), properties);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket socket : idle) {
            socket.close();
        }
        server.stop();
    }

    @Test
    void idleTcpConnectionsKeepNoOtherClientWaiting() throws Exception {
        for (int i = 0; i < 16; i++) {
            idle.add(new Socket("127.0.0.1", server.port()));
        }
        SimpleResolver resolver = resolver();
        resolver.setTCP(true);
        // Far shorter than the idle connections' timeout: the answer must not wait for them to go.
        resolver.setTimeout(Duration.ofSeconds(3));

        Message answer = resolver.send(Message.newQuery(Record.newRecord(UNKNOWN, Type.A, DClass.IN)));

        assertThat(answer.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void aMessageThatIsAResponseGetsNoAnswer() throws Exception {
        Message response = Message.newQuery(Record.newRecord(UNKNOWN, Type.A, DClass.IN));
        response.getHeader().setFlag(Flags.QR);
        byte[] wire = response.toWire();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(500);
            socket.send(new DatagramPacket(wire, wire.length, new InetSocketAddress("127.0.0.1", server.port())));

            assertThatThrownBy(() -> socket.receive(new DatagramPacket(new byte[512], 512)))
                    .isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(resolver().send(Message.newQuery(Record.newRecord(UNKNOWN, Type.A, DClass.IN))).getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void aResponseOnATcpConnectionIsSkippedAndTheNextQueryAnswered() throws Exception {
        Message response = Message.newQuery(Record.newRecord(UNKNOWN, Type.A, DClass.IN));
        response.getHeader().setFlag(Flags.QR);
        Message query = Message.newQuery(Record.newRecord(UNKNOWN, Type.A, DClass.IN));
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(3000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            for (byte[] wire : List.of(response.toWire(), query.toWire())) {
                out.writeShort(wire.length);
                out.write(wire);
            }
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = new byte[in.readUnsignedShort()];
            in.readFully(answer);

            Message parsed = new Message(answer);
            assertThat(parsed.getHeader().getID()).isEqualTo(query.getHeader().getID());
            assertThat(parsed.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        }
    }

    private SimpleResolver resolver() throws Exception {
        SimpleResolver resolver = new SimpleResolver("127.0.0.1");
        resolver.setPort(server.port());
        return resolver;
    }
}
