package dev.ordinal.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Subprotocol negotiation and message framing of the exec and attach channels. */
class ChannelProtocolTest {

    @Test
    void v5WinsWhereverItIsOfferedElseTheClientsFirstServedChoice() {
        assertThat(ChannelProtocol.negotiate(List.of("v4.channel.k8s.io", "v5.channel.k8s.io"))).contains(ChannelProtocol.V5);
        assertThat(ChannelProtocol.negotiate(List.of("v4.channel.k8s.io"))).contains(ChannelProtocol.V4);
        assertThat(ChannelProtocol.negotiate(List.of("x", "base64.channel.k8s.io", "channel.k8s.io")))
                .contains(ChannelProtocol.V1_BASE64);
        assertThat(ChannelProtocol.negotiate(List.of())).contains(ChannelProtocol.V1);
    }

    @Test
    void theSpdyOnlyVersionsAreNotServedOverWebSocket() {
        assertThat(ChannelProtocol.negotiate(List.of("v3.channel.k8s.io", "v2.channel.k8s.io"))).isEmpty();
    }

    @Test
    void binaryMessagesStartWithTheChannelByte() {
        byte[] data = "web-0\n".getBytes(StandardCharsets.UTF_8);
        ByteBuffer message = (ByteBuffer) ChannelProtocol.V5.encode(1, data, 0, data.length);
        assertThat(message.remaining()).isEqualTo(7);
        assertThat(message.get(0)).isEqualTo((byte) 1);

        ChannelProtocol.Frame close = ChannelProtocol.V5.decodeBinary(ByteBuffer.wrap(new byte[] {(byte) 0xff, 0}));
        assertThat(close.channel()).isEqualTo(ChannelProtocol.CLOSE);
        assertThat(close.data()).containsExactly(0);
        assertThat(ChannelProtocol.V5.decodeBinary(ByteBuffer.allocate(0))).isNull();
    }

    @Test
    void base64MessagesAreTheChannelDigitAndBase64Text() {
        byte[] data = "hello\n".getBytes(StandardCharsets.UTF_8);
        assertThat(ChannelProtocol.V4_BASE64.encode(1, data, 0, data.length)).isEqualTo("1aGVsbG8K");
        ChannelProtocol.Frame frame = ChannelProtocol.V4_BASE64.decodeText("0aGVsbG8K");
        assertThat(frame.channel()).isZero();
        assertThat(new String(frame.data(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
    }
}
