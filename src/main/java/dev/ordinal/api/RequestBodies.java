package dev.ordinal.api;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

import dev.ordinal.machinery.StatusError;

/**
 * Reads request bodies within kube-apiserver's limit ({@code --max-request-body-bytes}, 3 MiB):
 * as upstream's {@code limitedReadBody}, a body announcing more is refused unread, and one that
 * turns out longer than its announcement (or announces nothing, as a chunked one) is refused as
 * soon as the limit is passed, never held whole.
 */
final class RequestBodies {

    static final int MAX_BYTES = 3 * 1024 * 1024;

    private RequestBodies() {
    }

    static byte[] read(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BYTES + 1);
            if (body.length > MAX_BYTES) {
                throw tooLarge();
            }
            return body;
        }
    }

    private static StatusError tooLarge() {
        return StatusError.requestEntityTooLarge("limit is " + MAX_BYTES);
    }
}
