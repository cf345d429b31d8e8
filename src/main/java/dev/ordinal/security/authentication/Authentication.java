package dev.ordinal.security.authentication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

import dev.ordinal.security.SecurityProperties;
import dev.ordinal.security.UserInfo;
import dev.ordinal.serviceaccount.TokenIssuer;

/**
 * The authenticators kube-apiserver puts together ({@code pkg/kubeapiserver/authenticator}), as
 * one union: client certificates, then the bearer token checked by the token file and by the
 * ServiceAccount token authenticator. The first that recognises the credentials names the user;
 * credentials refused by one and recognised by none fail the request. Every user it names is also
 * in {@code system:authenticated}, upstream's {@code AuthenticatedGroupAdder}.
 */
@Component
public class Authentication {

    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final ClientCertificates certificates;
    private final List<TokenAuthenticator> tokens = new ArrayList<>();
    private final List<String> apiAudiences;

    Authentication(SecurityProperties security, ClientCertificates certificates,
                   ServiceAccountTokens serviceAccountTokens, TokenIssuer issuer) {
        this.certificates = certificates;
        this.apiAudiences = issuer.apiAudiences();
        if (security.tokenFile() != null) {
            try {
                tokens.add(audienceAgnostic(TokenFile.read(security.tokenFile())));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the token file " + security.tokenFile(), e);
            }
        }
        tokens.add(serviceAccountTokens);
    }

    /** The request's user; empty when it carries no credentials. */
    public Optional<UserInfo> authenticate(HttpServletRequest request) throws InvalidCredentials {
        List<String> errors = new ArrayList<>();
        try {
            Optional<UserInfo> user = certificates.authenticate(
                    (X509Certificate[]) request.getAttribute(CERTIFICATES));
            if (user.isPresent()) {
                return user.map(Authentication::authenticated);
            }
        } catch (InvalidCredentials e) {
            errors.add(e.getMessage());
        }
        Optional<String> bearer = bearerToken(request);
        if (bearer.isPresent()) {
            try {
                Optional<TokenAuthenticator.Authenticated> user = authenticateToken(bearer.get(), apiAudiences);
                if (user.isPresent()) {
                    return Optional.of(user.get().user());
                }
                // Upstream's bearer token authenticator: a token nobody recognises is invalid.
                errors.add("invalid bearer token");
            } catch (InvalidCredentials e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidCredentials(aggregate(errors));
        }
        return Optional.empty();
    }

    /**
     * The user a bearer token stands for, for {@code audiences}, as a TokenReview asks; empty when
     * no authenticator recognises it.
     */
    public Optional<TokenAuthenticator.Authenticated> authenticateToken(String token, List<String> audiences)
            throws InvalidCredentials {
        List<String> errors = new ArrayList<>();
        for (TokenAuthenticator authenticator : tokens) {
            try {
                Optional<TokenAuthenticator.Authenticated> found = authenticator.authenticate(token, audiences);
                if (found.isPresent()) {
                    return found.map(user -> new TokenAuthenticator.Authenticated(authenticated(user.user()),
                            user.audiences()));
                }
            } catch (InvalidCredentials e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidCredentials(aggregate(errors));
        }
        return Optional.empty();
    }

    public List<String> apiAudiences() {
        return apiAudiences;
    }

    /**
     * Upstream's {@code WrapAudienceAgnosticToken}: an authenticator that knows nothing of
     * audiences serves the API's own, so it answers only for those.
     */
    private TokenAuthenticator audienceAgnostic(TokenAuthenticator authenticator) {
        return (token, audiences) -> {
            List<String> accepted = audiences.stream().filter(apiAudiences::contains).toList();
            if (accepted.isEmpty()) {
                return Optional.empty();
            }
            return authenticator.authenticate(token, accepted);
        };
    }

    /** Upstream's {@code bearertoken} authenticator: {@code Authorization: Bearer <token>}. */
    private static Optional<String> bearerToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null) {
            return Optional.empty();
        }
        String[] parts = header.trim().split(" ", 3);
        if (parts.length < 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
            return Optional.empty();
        }
        return Optional.of(parts[1]);
    }

    private static UserInfo authenticated(UserInfo user) {
        if (user.groups().contains(UserInfo.AUTHENTICATED_GROUP)) {
            return user;
        }
        List<String> groups = new ArrayList<>(user.groups());
        groups.add(UserInfo.AUTHENTICATED_GROUP);
        return new UserInfo(user.name(), user.uid(), groups, user.extra());
    }

    /** Upstream's {@code utilerrors.NewAggregate}: one error as it is, several in brackets. */
    private static String aggregate(List<String> errors) {
        return errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
    }
}
