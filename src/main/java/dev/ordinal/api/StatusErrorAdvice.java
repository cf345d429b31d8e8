package dev.ordinal.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.util.DisconnectedClientHelper;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.StatusError;

/** Every failure leaves as a meta/v1 Status, as upstream's {@code responsewriters.ErrorNegotiated}. */
@RestControllerAdvice
class StatusErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(StatusErrorAdvice.class);

    private final JsonMapper mapper;

    StatusErrorAdvice(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @ExceptionHandler(StatusError.class)
    ResponseEntity<byte[]> status(StatusError error) {
        return ResponseEntity.status(error.code()).header(HttpHeaders.CONTENT_TYPE, "application/json")
                .body(mapper.writeValueAsBytes(error.toStatus()));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<byte[]> notFound(NoResourceFoundException e) {
        return status(StatusError.resourceNotFound());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<byte[]> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
        return status(new StatusError(405, "MethodNotAllowed",
                "the server does not allow this method on the requested resource", null));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<byte[]> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return status(StatusError.unsupportedMediaType(String.valueOf(e.getContentType())));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<byte[]> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return status(StatusError.notAcceptable());
    }

    /**
     * A request the framework could not bind to a handler's parameters (a required query
     * parameter missing, one of the wrong type, an unreadable body): the client's mistake.
     */
    @ExceptionHandler({ServletRequestBindingException.class, TypeMismatchException.class,
            HttpMessageNotReadableException.class, InvalidMediaTypeException.class})
    ResponseEntity<byte[]> badRequest(Exception e) {
        return status(StatusError.badRequest(e.getMessage()));
    }

    /** A response whose client left: nothing more to say, and to no one. */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone() {
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> internal(Exception e) {
        if (DisconnectedClientHelper.isClientDisconnectedException(e)) {
            log.debug("The client went away while its response was written: {}", e.toString());
            return null;
        }
        log.error("Unexpected failure serving a request", e);
        return status(StatusError.internal(e.getClass().getSimpleName()));
    }
}
