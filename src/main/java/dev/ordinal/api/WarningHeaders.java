package dev.ordinal.api;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServletResponse;

import dev.ordinal.machinery.go.GoText;

/**
 * A request's warnings as {@code Warning: 299 - "text"} response headers, once per text, as
 * upstream's warning recorder writes them, within {@link #MAX_WARNING_BYTES} in all: warnings quote
 * field names from the body and texts from webhooks, and response headers must fit the connector's
 * buffer (8 KiB), or the response fails. A text past what is left is cut short, and once nothing
 * is left the rest are dropped.
 */
final class WarningHeaders implements Consumer<String> {

    private static final int MAX_WARNING_BYTES = 4 * 1024;

    private final HttpServletResponse response;
    private final Set<String> warned = new HashSet<>();
    private int warningBytes;

    WarningHeaders(HttpServletResponse response) {
        this.response = response;
    }

    @Override
    public void accept(String text) {
        int left = MAX_WARNING_BYTES - warningBytes;
        if (left <= 0 || !warned.add(text)) {
            return;
        }
        String value = "299 - " + GoText.quote(text.length() > left ? text.substring(0, left) + "..." : text);
        warningBytes += value.length();
        response.addHeader("Warning", value);
    }
}
