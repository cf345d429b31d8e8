package dev.ordinal.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;

/**
 * SPDY/3.1 frames to and from bytes, by Netty's frame codec: one codec per direction, as each
 * direction of a SPDY connection keeps its own zlib context for header blocks (one decoder, one
 * encoder, each used under its own lock). Only framing: the session rules are
 * {@link SpdyConnection}'s, since Netty's session handler enforces the flow control that
 * spdystream, the SPDY of kubectl and the kubelet, never takes part in.
 */
final class SpdyFraming {

    private final EmbeddedChannel decoder = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    private final EmbeddedChannel encoder = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));

    /**
     * The frames completed by {@code bytes} (a frame may straddle calls); the caller releases them.
     *
     * @throws IOException when the bytes are not SPDY/3.1
     */
    List<SpdyFrame> decode(byte[] bytes, int offset, int length) throws IOException {
        synchronized (decoder) {
            decoder.writeInbound(Unpooled.copiedBuffer(bytes, offset, length));
            try {
                decoder.checkException();
            } catch (Exception e) {
                // the codec's SpdyProtocolException, rethrown unchecked by the channel
                throw new IOException("invalid SPDY/3.1 frame: " + e.getMessage(), e);
            }
            List<SpdyFrame> frames = new ArrayList<>();
            for (Object frame = decoder.readInbound(); frame != null; frame = decoder.readInbound()) {
                frames.add((SpdyFrame) frame);
            }
            return frames;
        }
    }

    /** The bytes of {@code frame}, which is released. */
    byte[] encode(SpdyFrame frame) {
        synchronized (encoder) {
            encoder.writeOutbound(frame);
            encoder.checkException();
            ByteBuf all = Unpooled.buffer();
            for (ByteBuf part = encoder.readOutbound(); part != null; part = encoder.readOutbound()) {
                all.writeBytes(part);
                part.release();
            }
            byte[] bytes = new byte[all.readableBytes()];
            all.readBytes(bytes);
            return bytes;
        }
    }
}
