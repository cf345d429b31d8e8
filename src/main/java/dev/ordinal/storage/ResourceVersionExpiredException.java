package dev.ordinal.storage;

/**
 * A watch asked for changes older than the change log still holds (upstream: 410 Gone, Expired).
 * The message names, as upstream's watch cache does, the oldest resourceVersion a watch may still
 * start from: the one just below the oldest retained change.
 */
public class ResourceVersionExpiredException extends RuntimeException {

    private final long requested;
    private final long oldest;

    public ResourceVersionExpiredException(long requested, long oldest) {
        super("too old resource version: " + requested + " (" + oldest + ")", null, false, false);
        this.requested = requested;
        this.oldest = oldest;
    }

    public long requested() {
        return requested;
    }

    public long oldest() {
        return oldest;
    }
}
