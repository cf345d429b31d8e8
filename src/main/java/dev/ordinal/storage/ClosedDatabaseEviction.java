package dev.ordinal.storage;

import java.sql.SQLException;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Tells the connection pool that a connection of an H2 database that has been closed is dead. H2
 * reports it with its own error codes, not the SQL states the pool knows as fatal, so without
 * this the pool would keep handing out such connections after the database opened again, and a
 * store that is back would still refuse writes.
 */
public final class ClosedDatabaseEviction implements SQLExceptionOverride {

    /** H2's DATABASE_IS_CLOSED and DATABASE_CALLED_AT_SHUTDOWN. */
    private static final int DATABASE_IS_CLOSED = 90098;
    private static final int DATABASE_CALLED_AT_SHUTDOWN = 90121;

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        int code = e.getErrorCode();
        return code == DATABASE_IS_CLOSED || code == DATABASE_CALLED_AT_SHUTDOWN ? Override.MUST_EVICT
                : Override.CONTINUE_EVICT;
    }
}
