package dev.ordinal.api;

import java.io.IOException;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A watch's chunked HTTP response, written with the servlet container's non-blocking output: each
 * event is flushed as its own chunk once the connection takes it, and when the client stops
 * reading the container calls back ({@link WriteListener#onWritePossible()}) instead of parking a
 * thread on the socket.
 */
final class HttpWatchSink implements WatchSink {

    private final AsyncContext async;
    private final ServletOutputStream out;
    /** True from the start: the first flush commits the status and headers of a quiet watch. */
    private boolean unflushed = true;
    /**
     * Set by the container's first {@link WriteListener#onWritePossible()}, which comes once the
     * request's own dispatch has returned: nothing is written before, so no writer thread works on
     * the response while the container still does.
     */
    private volatile boolean dispatched;

    private HttpWatchSink(AsyncContext async, ServletOutputStream out) {
        this.async = async;
        this.out = out;
    }

    /**
     * Takes the response over for the stream: 200, JSON (upstream streams no YAML), no container
     * timeout (the stream keeps its own deadline). {@code writable} runs whenever the connection
     * can take more; {@code failed} when the client is gone.
     */
    static HttpWatchSink start(HttpServletRequest request, HttpServletResponse response, Runnable writable,
                               Runnable failed) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(0);
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                failed.run();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                failed.run();
            }

            @Override
            public void onError(AsyncEvent event) {
                failed.run();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // not restarted
            }
        });
        HttpWatchSink sink = new HttpWatchSink(async, response.getOutputStream());
        sink.out.setWriteListener(new WriteListener() {
            @Override
            public void onWritePossible() {
                sink.dispatched = true;
                writable.run();
            }

            @Override
            public void onError(Throwable error) {
                failed.run();
            }
        });
        return sink;
    }

    @Override
    public boolean ready() throws IOException {
        if (!dispatched || !out.isReady()) {
            return false;
        }
        if (unflushed) {
            unflushed = false;
            out.flush();
            return out.isReady();
        }
        return true;
    }

    @Override
    public void write(byte[] event) throws IOException {
        out.write(event);
        unflushed = true;
    }

    @Override
    public void complete() {
        async.complete();
    }
}
