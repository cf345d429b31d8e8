package dev.ordinal.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP connection upgraded to SPDY/3.1 ({@code Upgrade: SPDY/3.1}), as apimachinery's
 * {@code httpstream/spdy} upgrader answers it: the sub-protocol is agreed in
 * {@code X-Stream-Protocol-Version} first ({@link #handshake}), then the connection's bytes are
 * read on a thread of its own and fed to a {@link SpdyConnection}.
 */
public final class SpdyUpgrade implements HttpUpgradeHandler {

    private static final Logger log = LoggerFactory.getLogger(SpdyUpgrade.class);
    static final String PROTOCOL_HEADER = "X-Stream-Protocol-Version";
    private static final String ACCEPTED_HEADER = "X-Accepted-Stream-Protocol-Versions";

    private Function<SpdyConnection.Transport, SpdyConnection> connect;
    private volatile SpdyConnection connection;

    /**
     * The first protocol the client offers that the server serves (httpstream's {@code Handshake}),
     * set on the response; when there is none the response is the handshake's error (400 without
     * the header, 403 listing what is accepted) and the result empty.
     */
    static Optional<String> handshake(HttpServletRequest request, HttpServletResponse response, List<String> served)
            throws IOException {
        List<String> offered = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders(PROTOCOL_HEADER))) {
            for (String token : header.split(",")) {
                if (!token.isBlank()) {
                    offered.add(token.trim());
                }
            }
        }
        if (offered.isEmpty()) {
            refuse(response, 400, "unable to upgrade: header " + PROTOCOL_HEADER + " does not exist or is empty");
            return Optional.empty();
        }
        Optional<String> agreed = offered.stream().filter(served::contains).findFirst();
        if (agreed.isEmpty()) {
            served.forEach(protocol -> response.addHeader(ACCEPTED_HEADER, protocol));
            refuse(response, 403, "unable to upgrade: unable to negotiate protocol: client supports " + offered
                    + ", server accepts " + served);
            return Optional.empty();
        }
        response.setHeader(PROTOCOL_HEADER, agreed.get());
        return agreed;
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain");
        response.getWriter().write(message);
    }

    /** Upgrades the request once the response is ready to be the 101; {@code connect} makes the session. */
    static void upgrade(HttpServletRequest request, HttpServletResponse response,
                        Function<SpdyConnection.Transport, SpdyConnection> connect) throws IOException {
        response.setHeader("Connection", "Upgrade");
        response.setHeader("Upgrade", "SPDY/3.1");
        try {
            request.upgrade(SpdyUpgrade.class).connect = connect;
        } catch (jakarta.servlet.ServletException e) {
            throw new IOException("cannot upgrade to SPDY/3.1", e);
        }
    }

    @Override
    public void init(WebConnection web) {
        OutputStream out;
        InputStream in;
        try {
            out = web.getOutputStream();
            in = web.getInputStream();
        } catch (IOException e) {
            closeQuietly(web);
            return;
        }
        connection = connect.apply(new SpdyConnection.Transport() {
            @Override
            public void write(byte[] bytes) throws IOException {
                out.write(bytes);
                out.flush();
            }

            @Override
            public void close() {
                closeQuietly(web);
            }
        });
        Thread reader = new Thread(() -> read(in, web), "spdy-" + Integer.toHexString(System.identityHashCode(web)));
        reader.setDaemon(true);
        reader.start();
    }

    private void read(InputStream in, WebConnection web) {
        byte[] buffer = new byte[32 * 1024];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                connection.receive(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            // the client left, or spoke something other than SPDY: the connection ends either way
            log.debug("SPDY connection ended: {}", e.toString());
        } finally {
            connection.ended();
            closeQuietly(web);
        }
    }

    @Override
    public void destroy() {
        SpdyConnection current = connection;
        if (current != null) {
            current.ended();
        }
    }

    private static void closeQuietly(WebConnection web) {
        try {
            web.close();
        } catch (Exception ignored) {
            // closed already
        }
    }
}
