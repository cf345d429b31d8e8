package dev.ordinal.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The server side of SPDY/3.1 against a client encoding frames as spdystream does (one zlib context per direction). */
class SpdyConnectionTest {

    private final EmbeddedChannel client = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
    private final List<SpdyStream> accepted = new ArrayList<>();
    private final SpdyConnection connection = new SpdyConnection(new SpdyConnection.Transport() {
        @Override
        public void write(byte[] bytes) {
            wire.writeBytes(bytes);
        }

        @Override
        public void close() {
        }
    }, stream -> !stream.header("streamtype").equals("bogus") && accepted.add(stream));

    private void send(SpdyFrame frame) throws Exception {
        client.writeOutbound(frame);
        for (ByteBuf part = client.readOutbound(); part != null; part = client.readOutbound()) {
            byte[] bytes = new byte[part.readableBytes()];
            part.readBytes(bytes);
            part.release();
            // one byte at a time: frames may straddle reads or messages
            for (byte b : bytes) {
                connection.receive(new byte[] {b}, 0, 1);
            }
        }
    }

    private List<Object> received() {
        client.writeInbound(Unpooled.wrappedBuffer(wire.toByteArray()));
        wire.reset();
        List<Object> frames = new ArrayList<>();
        for (Object frame = client.readInbound(); frame != null; frame = client.readInbound()) {
            frames.add(frame);
        }
        return frames;
    }

    private static SpdySynStreamFrame syn(int id, String type) {
        SpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(id, 0, (byte) 0);
        syn.headers().add("streamtype", type).add("port", "80").add("requestid", "0");
        return syn;
    }

    @Test
    void streamsAreRepliedToOrRefusedAndCarryDataBothWays() throws Exception {
        send(syn(1, "error"));
        send(syn(3, "data"));
        send(syn(5, "bogus"));
        assertThat(accepted).extracting(SpdyStream::id).containsExactly(1, 3);
        assertThat(accepted.get(1).header("port")).isEqualTo("80");
        List<Object> replies = received();
        assertThat(replies).hasSize(3);
        assertThat(((SpdySynReplyFrame) replies.get(0)).streamId()).isEqualTo(1);
        assertThat(((SpdySynReplyFrame) replies.get(1)).streamId()).isEqualTo(3);
        assertThat(((SpdyRstStreamFrame) replies.get(2)).status().code()).isEqualTo(3);

        SpdyDataFrame data = new DefaultSpdyDataFrame(3, Unpooled.copiedBuffer("ping\n", StandardCharsets.UTF_8));
        data.setLast(true);
        send(data);
        assertThat(new String(accepted.get(1).input().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ping\n");

        accepted.get(1).output().write("pong\n".getBytes(StandardCharsets.UTF_8));
        accepted.get(1).output().close();
        send(new DefaultSpdyPingFrame(1));
        List<Object> answers = received();
        assertThat(answers).hasSize(3);
        assertThat(((SpdyDataFrame) answers.get(0)).content().toString(StandardCharsets.UTF_8)).isEqualTo("pong\n");
        assertThat(((SpdyDataFrame) answers.get(1)).isLast()).isTrue();
        assertThat(((SpdyPingFrame) answers.get(2)).id()).isEqualTo(1);
    }
}
