package dev.ordinal.storage;

import java.sql.SQLException;

import org.h2.api.ErrorCode;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Reports a store that cannot be used as what it is, without the stack trace of a failure: one
 * refused before it was opened, or an H2 store found damaged while it is read at start.
 */
class UnusableStoreFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnusableStoreException unusable) {
                return new FailureAnalysis(unusable.getMessage(), unusable.action(), unusable);
            }
            if (cause instanceof SQLException sql && sql.getErrorCode() == ErrorCode.FILE_CORRUPTED_1) {
                UnusableStoreException unreadable = UnusableStoreException.unreadable(sql);
                return new FailureAnalysis(unreadable.getMessage(), unreadable.action(), sql);
            }
        }
        return null;
    }
}
