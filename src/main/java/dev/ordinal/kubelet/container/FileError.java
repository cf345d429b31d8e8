package dev.ordinal.kubelet.container;

/**
 * A failed filesystem call, carrying the text of its errno as {@code strerror} gives it
 * ("No such file or directory"); tools print it after the path as coreutils do.
 */
public final class FileError extends RuntimeException {

    public static final String NOT_FOUND = "No such file or directory";
    public static final String NOT_A_DIRECTORY = "Not a directory";
    public static final String IS_A_DIRECTORY = "Is a directory";
    public static final String EXISTS = "File exists";
    public static final String NOT_EMPTY = "Directory not empty";
    public static final String READ_ONLY = "Read-only file system";
    public static final String BUSY = "Device or resource busy";
    public static final String INVALID = "Invalid argument";

    private final String path;

    public FileError(String path, String reason) {
        super(reason);
        this.path = path;
    }

    public String path() {
        return path;
    }

    /** The reason alone, {@code strerror(errno)}. */
    public String reason() {
        return getMessage();
    }
}
