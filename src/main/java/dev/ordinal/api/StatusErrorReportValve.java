package dev.ordinal.api;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.StatusError;

/**
 * Tomcat's answer to a request it refuses before Ordinal sees it (a request line or headers longer
 * than the connector takes, an encoded slash in the path, a malformed request), written as a
 * meta/v1 Status rather than Tomcat's HTML error page, so a client reads it as it reads every other
 * error. The code is Tomcat's; the reason is the one meta/v1 names for that code, if any; the
 * message is Tomcat's own, or the code's reason phrase. It stands in for the error report valve
 * of the host, as Tomcat's {@code errorReportValveClass} lets a server do.
 */
public final class StatusErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        // As Tomcat's own report: nothing for a success, nor over what was written, nor twice.
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean();
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String message = response.getMessage();
        if (message == null || message.isBlank()) {
            HttpStatus known = HttpStatus.resolve(code);
            message = known == null ? Integer.toString(code) : known.getReasonPhrase();
        }
        byte[] status = JSON.writeValueAsBytes(new StatusError(code, reason(code), message, null).toStatus());
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(new String(status, StandardCharsets.UTF_8));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away, or the response could not be written: nothing more to say.
        }
    }

    /** meta/v1's StatusReason for a code Tomcat answers; "" (unknown) where it names none. */
    private static String reason(int code) {
        return switch (code) {
            case 400 -> "BadRequest";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 413 -> "RequestEntityTooLarge";
            case 500 -> "InternalError";
            case 503 -> "ServiceUnavailable";
            default -> "";
        };
    }
}
