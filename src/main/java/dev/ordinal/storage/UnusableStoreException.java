package dev.ordinal.storage;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The store cannot be opened as it is; the server stops rather than change it. {@link #getMessage()}
 * says why in one line, {@link #action()} what to do about it.
 */
public class UnusableStoreException extends RuntimeException {

    private final String action;

    private UnusableStoreException(String message, String action) {
        super(message);
        this.action = action;
    }

    private static final String RECOVERY = "Start from a snapshot (ordinal snapshot restore), or recover what can"
            + " be read into a new store with H2's Script and RunScript tools; see \"A damaged store\" in the README.";

    static UnusableStoreException damaged(Path file, String reason) {
        return new UnusableStoreException("The store " + file + " is damaged and was left as it is: " + reason,
                RECOVERY);
    }

    /** A page H2 could not read while the server read the store at start. */
    static UnusableStoreException unreadable(SQLException e) {
        return new UnusableStoreException("The store is damaged: " + e.getMessage(), RECOVERY);
    }

    static UnusableStoreException inUse(Path file) {
        return new UnusableStoreException("The store " + file + " is in use by another process,"
                + " probably another Ordinal server on the same data directory.",
                "Stop the other server, or give this one a store of its own (--spring.datasource.url).");
    }

    public String action() {
        return action;
    }
}
