package dev.ordinal.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

/**
 * The WebSocket subprotocols of exec and attach, as the kubelet and kube-apiserver serve them
 * (apimachinery {@code pkg/util/remotecommand/constants.go}, {@code wsstream/conn.go}): every
 * message is one channel's chunk, its first byte the channel number (binary variants) or that
 * number as an ASCII digit followed by base64 of the chunk (base64 variants, text messages).
 * From v4 on the error channel carries a {@code Status}; v5 adds the client's close signal
 * ({@code [255, channel]}), which is how kubectl ends stdin.
 *
 * <p>{@code v2.channel.k8s.io} and {@code v3.channel.k8s.io} are names of the SPDY negotiation
 * only; no WebSocket server upstream accepts them, so neither does this one.
 */
enum ChannelProtocol {
    V5("v5.channel.k8s.io", false, true, true),
    V4("v4.channel.k8s.io", false, true, false),
    V4_BASE64("v4.base64.channel.k8s.io", true, true, false),
    V1("channel.k8s.io", false, false, false),
    V1_BASE64("base64.channel.k8s.io", true, false, false);

    static final int STDIN = 0;
    static final int STDOUT = 1;
    static final int STDERR = 2;
    static final int ERROR = 3;
    static final int RESIZE = 4;
    /** v5's close signal: {@code [255, channel]} closes that channel's reading side. */
    static final int CLOSE = 255;

    private final String token;
    private final boolean base64;
    private final boolean statusOnErrorChannel;
    private final boolean closeSignal;

    ChannelProtocol(String token, boolean base64, boolean statusOnErrorChannel, boolean closeSignal) {
        this.token = token;
        this.base64 = base64;
        this.statusOnErrorChannel = statusOnErrorChannel;
        this.closeSignal = closeSignal;
    }

    String token() {
        return token;
    }

    boolean base64() {
        return base64;
    }

    /** v4 and later: one Status JSON on the error channel; before, only a failure's text. */
    boolean statusOnErrorChannel() {
        return statusOnErrorChannel;
    }

    boolean closeSignal() {
        return closeSignal;
    }

    /**
     * The protocol to answer a {@code Sec-WebSocket-Protocol} header with: v5 whenever it is
     * offered (kube-apiserver's stream translator takes such requests whatever else is listed),
     * else the first offered one served, as the kubelet's handshake picks; no header at all is
     * binary v1 with none echoed; empty when nothing offered is served (the kubelet's 403).
     */
    static Optional<ChannelProtocol> negotiate(List<String> offered) {
        if (offered.isEmpty()) {
            return Optional.of(V1);
        }
        if (offered.contains(V5.token)) {
            return Optional.of(V5);
        }
        for (String name : offered) {
            for (ChannelProtocol protocol : values()) {
                if (protocol.token.equals(name)) {
                    return Optional.of(protocol);
                }
            }
        }
        return Optional.empty();
    }

    /** A message's payload for {@code channel}: binary bytes, or the text of a base64 variant. */
    Object encode(int channel, byte[] data, int offset, int length) {
        if (base64) {
            return (char) ('0' + channel) + Base64.getEncoder().encodeToString(Arrays.copyOfRange(data, offset,
                    offset + length));
        }
        ByteBuffer message = ByteBuffer.allocate(length + 1);
        message.put((byte) channel).put(data, offset, length).flip();
        return message;
    }

    /** One received message: its channel and chunk; null for an empty message, which carries nothing. */
    record Frame(int channel, byte[] data) {
    }

    /**
     * Bounds what the session takes in one message and hands every frame the client sends, decoded
     * as this protocol encodes them (binary, or base64 text), to {@code receiver}; frames of the
     * other encoding are ignored, as the kubelet ignores them.
     */
    void receive(Session session, int maxMessage, Consumer<Frame> receiver) {
        session.setMaxBinaryMessageBufferSize(maxMessage);
        session.setMaxTextMessageBufferSize(maxMessage);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) message -> {
            if (!base64) {
                receiver.accept(decodeBinary(message));
            }
        });
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) message -> {
            if (base64) {
                receiver.accept(decodeText(message));
            }
        });
    }

    /**
     * Sends a chunk of {@code channel} to the client, one message at a time per session; a client
     * gone meanwhile is not an error here: the writer's next write finds the session closed.
     */
    void send(Session session, int channel, byte[] data, int offset, int length) {
        Object message = encode(channel, data, offset, length);
        synchronized (session) {
            if (!session.isOpen()) {
                return;
            }
            try {
                if (message instanceof ByteBuffer binary) {
                    session.getBasicRemote().sendBinary(binary);
                } else {
                    session.getBasicRemote().sendText((String) message);
                }
            } catch (IOException | IllegalStateException e) {
                // the client is gone
            }
        }
    }

    Frame decodeBinary(ByteBuffer message) {
        if (!message.hasRemaining()) {
            return null;
        }
        int channel = message.get() & 0xff;
        byte[] data = new byte[message.remaining()];
        message.get(data);
        return new Frame(channel, data);
    }

    Frame decodeText(String message) {
        if (message.isEmpty()) {
            return null;
        }
        int channel = message.charAt(0) - '0';
        return new Frame(channel, Base64.getDecoder().decode(message.substring(1).getBytes(StandardCharsets.US_ASCII)));
    }
}
