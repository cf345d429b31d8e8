package dev.ordinal.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.NestedRuntimeException;

import dev.ordinal.machinery.StatusError;

/**
 * A write the database could not take: H2 closed after running out of memory or disk, its file
 * gone, PostgreSQL stopped. The write changed nothing the client can see, so it is answered as
 * kube-apiserver answers while its storage is unavailable (the cacher's NewServiceUnavailable): a
 * 503 the client may retry once the store is back, naming the database's reason in one line
 * rather than a stack trace. Readiness says the same meanwhile ({@link StoreHealthIndicator}).
 */
final class StoreUnavailable {

    private static final Logger log = LoggerFactory.getLogger(StoreUnavailable.class);

    private StoreUnavailable() {
    }

    /** A database's failure: Spring's DataAccessException, or its TransactionException when no connection came. */
    static StatusError of(NestedRuntimeException failure) {
        String reason = firstLine(NestedExceptionUtils.getMostSpecificCause(failure).getMessage());
        log.warn("The store could not write: {}", reason);
        return new StatusError(503, "ServiceUnavailable", "the store cannot write: " + reason, null);
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }
}
