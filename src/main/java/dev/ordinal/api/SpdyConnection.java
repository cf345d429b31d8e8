package dev.ordinal.api;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySessionStatus;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * The server's side of a SPDY/3.1 connection as spdystream keeps one for the kubelet: streams
 * the client opens are answered with an empty SYN_REPLY, or refused (RST_STREAM REFUSED_STREAM)
 * when the handler will not take them; DATA goes to its stream, FIN and RST_STREAM end it; the
 * client's PINGs are echoed. There is no flow control: spdystream never sends WINDOW_UPDATE nor
 * SETTINGS and ignores them, so neither is waited for. The bytes come and go through a transport,
 * an upgraded HTTP connection or the binary messages of a WebSocket tunnel.
 */
final class SpdyConnection {

    /** Where the connection's bytes go. */
    interface Transport {
        void write(byte[] bytes) throws IOException;

        void close();
    }

    /** Takes a stream the client opened, or refuses it; called on the connection's reader, so never blocks. */
    @FunctionalInterface
    interface StreamHandler {
        boolean accept(SpdyStream stream);
    }

    private static final String STREAM_TYPE = "streamtype";

    private final SpdyFraming framing = new SpdyFraming();
    private final Map<Integer, SpdyStream> streams = new ConcurrentHashMap<>();
    private final Transport transport;
    private final StreamHandler handler;
    private volatile int lastAccepted;
    private volatile boolean closed;

    SpdyConnection(Transport transport, StreamHandler handler) {
        this.transport = transport;
        this.handler = handler;
    }

    /** Bytes from the client, which may end or split frames anywhere. */
    void receive(byte[] bytes, int offset, int length) throws IOException {
        List<SpdyFrame> frames = framing.decode(bytes, offset, length);
        for (SpdyFrame frame : frames) {
            try {
                dispatch(frame);
            } finally {
                ReferenceCountUtil.release(frame);
            }
        }
    }

    private void dispatch(SpdyFrame frame) throws IOException {
        if (frame instanceof SpdySynStreamFrame syn) {
            Map<String, String> headers = new HashMap<>();
            syn.headers().iteratorAsString().forEachRemaining(entry -> headers.put(entry.getKey(), entry.getValue()));
            SpdyStream stream = new SpdyStream(this, syn.streamId(), headers);
            streams.put(stream.id(), stream);
            if (syn.isLast()) {
                stream.inputEnded();
            }
            if (handler.accept(stream)) {
                lastAccepted = Math.max(lastAccepted, stream.id());
                // spdystream replies with no headers, but Netty encodes an empty header block as no
                // bytes, which Go's zlib reader cannot read; the stream's own type is echoed instead,
                // a header clients do not read from replies.
                DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(stream.id());
                reply.headers().set(STREAM_TYPE, stream.header(STREAM_TYPE));
                send(reply);
                stream.replied();
            } else {
                streams.remove(stream.id());
                stream.reset();
                send(new DefaultSpdyRstStreamFrame(stream.id(), SpdyStreamStatus.REFUSED_STREAM));
            }
        } else if (frame instanceof SpdyDataFrame data) {
            SpdyStream stream = streams.get(data.streamId());
            if (stream != null) {
                byte[] bytes = new byte[data.content().readableBytes()];
                data.content().readBytes(bytes);
                stream.received(bytes);
                if (data.isLast()) {
                    stream.inputEnded();
                }
            }
        } else if (frame instanceof SpdyRstStreamFrame reset) {
            SpdyStream stream = streams.remove(reset.streamId());
            if (stream != null) {
                stream.reset();
            }
        } else if (frame instanceof SpdyPingFrame ping && ping.id() % 2 == 1) {
            // Pings of the other parity: the client's own, which spdystream echoes unchanged.
            send(new DefaultSpdyPingFrame(ping.id()));
        } else if (frame instanceof SpdyGoAwayFrame) {
            streams.values().forEach(SpdyStream::inputEnded);
        }
    }

    /** A stream closed both ways: nothing more arrives for it or is sent on it. */
    void forget(int id) {
        streams.remove(id);
    }

    /** The transport ended: no stream receives anything more. */
    void ended() {
        closed = true;
        streams.values().forEach(SpdyStream::reset);
    }

    /** Says goodbye (GOAWAY, status OK) and closes the transport, as the kubelet ends a finished session. */
    void close() {
        if (closed) {
            return;
        }
        try {
            send(new DefaultSpdyGoAwayFrame(lastAccepted, SpdySessionStatus.OK));
        } catch (IOException ignored) {
            // the client is gone already
        }
        closed = true;
        streams.values().forEach(SpdyStream::reset);
        transport.close();
    }

    void data(int streamId, byte[] bytes, int offset, int length, boolean last) throws IOException {
        SpdyDataFrame frame = new DefaultSpdyDataFrame(streamId, Unpooled.copiedBuffer(bytes, offset, length));
        frame.setLast(last);
        send(frame);
    }

    private void send(SpdyFrame frame) throws IOException {
        synchronized (transport) {
            if (closed) {
                ReferenceCountUtil.release(frame);
                throw new IOException("the connection is closed");
            }
            transport.write(framing.encode(frame));
        }
    }
}
