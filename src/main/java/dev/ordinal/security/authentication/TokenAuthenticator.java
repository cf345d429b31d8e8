package dev.ordinal.security.authentication;

import java.util.List;
import java.util.Optional;

import dev.ordinal.security.UserInfo;

/** A checker of bearer tokens, upstream's {@code authenticator.Token}. */
interface TokenAuthenticator {

    /**
     * The user {@code token} stands for, for the audiences it is valid for among {@code audiences};
     * empty when the token is none of this authenticator's.
     */
    Optional<Authenticated> authenticate(String token, List<String> audiences) throws InvalidCredentials;

    /** Who a credential stands for, and the audiences it was accepted for. */
    record Authenticated(UserInfo user, List<String> audiences) {
    }
}
