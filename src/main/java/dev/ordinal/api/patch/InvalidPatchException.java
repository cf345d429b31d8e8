package dev.ordinal.api.patch;

/** A patch that cannot be applied; the API answers it as upstream does, with a 4xx Status. */
public class InvalidPatchException extends RuntimeException {

    public InvalidPatchException(String message) {
        super(message, null, false, false);
    }
}
