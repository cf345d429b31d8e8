package dev.ordinal.security.authentication;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.springframework.stereotype.Component;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.pki.ServiceAccountSigningKey;
import dev.ordinal.security.UserInfo;
import dev.ordinal.serviceaccount.TokenIssuer;
import dev.ordinal.storage.ObjectStore;

/**
 * ServiceAccount tokens, upstream's {@code JWTTokenAuthenticator} with the bound-token validator
 * of {@code pkg/serviceaccount/claims.go}: a JWT of this server's issuer, signed by the
 * ServiceAccount key, not expired, for one of the audiences asked for (the API's own by default),
 * whose ServiceAccount and bound pod, secret or node still exist with the uid the token names.
 * The user is {@code system:serviceaccount:<namespace>:<name>} in {@code system:serviceaccounts}
 * and {@code system:serviceaccounts:<namespace>}, with the pod and node in its extra values.
 */
@Component
class ServiceAccountTokens implements TokenAuthenticator {

    /** go-jose's {@code DefaultLeeway}: objects deleted less than this long ago still count. */
    private static final Duration LEEWAY = Duration.ofMinutes(1);
    private static final String EXTRA_PREFIX = "authentication.kubernetes.io/";

    private final ServiceAccountSigningKey key;
    private final TokenIssuer issuer;
    private final ObjectStore store;
    private final Clock clock;

    ServiceAccountTokens(ServiceAccountSigningKey key, TokenIssuer issuer, ObjectStore store, Clock clock) {
        this.key = key;
        this.issuer = issuer;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Optional<Authenticated> authenticate(String token, List<String> audiences) throws InvalidCredentials {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return Optional.empty();
        }
        // Upstream looks at the issuer before the signature: a token of another issuer is another
        // authenticator's, not a bad one.
        if (!issuer.issuer().equals(claims.getIssuer())) {
            return Optional.empty();
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || !verifies(jwt)) {
            throw new InvalidCredentials("crypto/rsa: verification error");
        }
        Instant now = clock.instant();
        if (claims.getExpirationTime() == null || !now.isBefore(claims.getExpirationTime().toInstant().plus(LEEWAY))) {
            throw new InvalidCredentials("service account token has expired");
        }
        if (claims.getNotBeforeTime() != null && now.plus(LEEWAY).isBefore(claims.getNotBeforeTime().toInstant())) {
            throw new InvalidCredentials("service account token is not valid yet");
        }
        List<String> tokenAudiences = claims.getAudience();
        List<String> accepted = tokenAudiences.stream().filter(audiences::contains).toList();
        if (accepted.isEmpty()) {
            throw new InvalidCredentials("token audiences " + goQuoted(tokenAudiences)
                    + " is invalid for the target audiences " + goQuoted(audiences));
        }
        return Optional.of(new Authenticated(user(claims, now), accepted));
    }

    private boolean verifies(SignedJWT jwt) {
        try {
            return jwt.verify(new RSASSAVerifier(key.publicKey()));
        } catch (JOSEException e) {
            return false;
        }
    }

    /** Upstream's validator: the ServiceAccount and the bound objects must still be there. */
    private UserInfo user(JWTClaimsSet claims, Instant now) throws InvalidCredentials {
        Map<String, Object> kubernetes;
        try {
            kubernetes = claims.getJSONObjectClaim("kubernetes.io");
        } catch (ParseException e) {
            kubernetes = null;
        }
        if (kubernetes == null) {
            throw new InvalidCredentials("service account token claims could not be validated due to unexpected "
                    + "private claim");
        }
        Instant deletedBefore = now.minus(LEEWAY);
        String namespace = text(kubernetes.get("namespace"));
        Reference serviceAccountRef = Reference.of(kubernetes.get("serviceaccount"));
        Unstructured serviceAccount = store.get(new GroupResource("", "serviceaccounts"), namespace,
                        serviceAccountRef.name())
                .orElseThrow(() -> new InvalidCredentials("serviceaccounts \"" + serviceAccountRef.name()
                        + "\" not found"));
        if (deletedBefore(serviceAccount, deletedBefore)) {
            throw new InvalidCredentials("service account " + namespace + "/" + serviceAccountRef.name()
                    + " has been deleted");
        }
        if (!serviceAccount.uid().equals(serviceAccountRef.uid())) {
            throw new InvalidCredentials("service account UID (" + serviceAccount.uid() + ") does not match claim ("
                    + serviceAccountRef.uid() + ")");
        }
        Reference secret = Reference.of(kubernetes.get("secret"));
        if (secret != null) {
            checkBound("secrets", namespace, secret, "secret UID", "service account secret ref claim", deletedBefore);
        }
        Reference pod = Reference.of(kubernetes.get("pod"));
        if (pod != null) {
            checkBound("pods", namespace, pod, "pod UID", "service account pod ref claim", deletedBefore);
        }
        Reference node = Reference.of(kubernetes.get("node"));
        if (node != null && pod == null) {
            checkBound("nodes", "", node, "node UID", "service account node ref claim", deletedBefore);
        }
        Map<String, List<String>> extra = new LinkedHashMap<>();
        if (pod != null) {
            extra.put(EXTRA_PREFIX + "pod-name", List.of(pod.name()));
            extra.put(EXTRA_PREFIX + "pod-uid", List.of(pod.uid()));
        }
        if (node != null) {
            extra.put(EXTRA_PREFIX + "node-name", List.of(node.name()));
            extra.put(EXTRA_PREFIX + "node-uid", List.of(node.uid()));
        }
        if (claims.getJWTID() != null) {
            extra.put(EXTRA_PREFIX + "credential-id", List.of("JTI=" + claims.getJWTID()));
        }
        String name = serviceAccountRef.name();
        return new UserInfo("system:serviceaccount:" + namespace + ":" + name, serviceAccountRef.uid(),
                List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace), extra);
    }

    private void checkBound(String resource, String namespace, Reference reference, String what, String claim,
                            Instant deletedBefore) throws InvalidCredentials {
        Optional<Unstructured> bound = store.get(new GroupResource("", resource), namespace, reference.name());
        if (bound.isEmpty() || deletedBefore(bound.get(), deletedBefore)) {
            throw new InvalidCredentials("service account token has been invalidated");
        }
        if (!bound.get().uid().equals(reference.uid())) {
            throw new InvalidCredentials(what + " (" + bound.get().uid() + ") does not match " + claim + " ("
                    + reference.uid() + ")");
        }
    }

    private static boolean deletedBefore(Unstructured object, Instant instant) {
        return object.isBeingDeleted() && Instant.parse(object.deletionTimestamp()).isBefore(instant);
    }

    private static String text(Object value) {
        return value instanceof String text ? text : "";
    }

    /** Go's {@code %q} of a string slice: {@code ["a" "b"]}. */
    private static String goQuoted(List<String> values) {
        List<String> quoted = new ArrayList<>();
        values.forEach(value -> quoted.add("\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        return "[" + String.join(" ", quoted) + "]";
    }

    /** A name and uid in the private claim. */
    private record Reference(String name, String uid) {

        static Reference of(Object claim) {
            return claim instanceof Map<?, ?> map ? new Reference(text(map.get("name")), text(map.get("uid"))) : null;
        }
    }
}
