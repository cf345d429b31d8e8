package dev.ordinal.security.authentication;

/**
 * Credentials an authenticator recognised as its own but refused, upstream's authenticator error:
 * the request is answered 401 even if it could have been served anonymously, and a TokenReview
 * carries the message in {@code status.error}.
 */
public class InvalidCredentials extends Exception {

    public InvalidCredentials(String message) {
        super(message);
    }
}
