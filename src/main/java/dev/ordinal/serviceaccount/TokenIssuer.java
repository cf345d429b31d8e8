package dev.ordinal.serviceaccount;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.springframework.stereotype.Component;

import dev.ordinal.pki.ServiceAccountSigningKey;

/**
 * Signs ServiceAccount tokens (RS256) with upstream's claims ({@code pkg/serviceaccount/claims.go}):
 * {@code iss}, {@code sub} {@code system:serviceaccount:<namespace>:<name>}, {@code aud},
 * {@code exp}, {@code iat}, {@code nbf} (= iat), {@code jti}, and the private {@code kubernetes.io}
 * claim with the namespace, the ServiceAccount's name and uid, the objects the token is bound to
 * (a pod, with its node, or a secret or a node) and, for a token whose lifetime was extended,
 * {@code warnafter}.
 */
@Component
public class TokenIssuer {

    private final ServiceAccountSigningKey key;
    private final ServiceAccountProperties properties;

    TokenIssuer(ServiceAccountSigningKey key, ServiceAccountProperties properties) {
        this.key = key;
        this.properties = properties;
    }

    /** An object a token is bound to: its name and uid. */
    public record Reference(String name, String uid) {
        Map<String, Object> claim() {
            Map<String, Object> claim = new LinkedHashMap<>();
            claim.put("name", name);
            claim.put("uid", uid);
            return claim;
        }
    }

    /**
     * What one token says: whose it is, for whom, until when, bound to what. {@code bound} maps
     * {@code pod}, {@code node} or {@code secret} to the object; {@code warnAfter} is null unless
     * the lifetime was extended.
     */
    public record Claims(String namespace, Reference serviceAccount, List<String> audiences, Instant issuedAt,
                         Instant expires, Map<String, Reference> bound, Instant warnAfter) {
    }

    public String issue(Claims claims) {
        Map<String, Object> kubernetes = new LinkedHashMap<>();
        kubernetes.put("namespace", claims.namespace());
        claims.bound().forEach((kind, reference) -> kubernetes.put(kind, reference.claim()));
        kubernetes.put("serviceaccount", claims.serviceAccount().claim());
        if (claims.warnAfter() != null) {
            kubernetes.put("warnafter", claims.warnAfter().getEpochSecond());
        }
        JWTClaimsSet set = new JWTClaimsSet.Builder()
                .audience(claims.audiences())
                .expirationTime(Date.from(claims.expires()))
                .issueTime(Date.from(claims.issuedAt()))
                .issuer(properties.issuer())
                .jwtID(UUID.randomUUID().toString())
                .claim("kubernetes.io", kubernetes)
                .notBeforeTime(Date.from(claims.issuedAt()))
                .subject("system:serviceaccount:" + claims.namespace() + ":" + claims.serviceAccount().name())
                .build();
        // Upstream's header has the algorithm and key ID only.
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.signingKey().getKeyID()).build();
        SignedJWT token = new SignedJWT(header, set);
        try {
            token.sign(new RSASSASigner(key.signingKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a ServiceAccount token", e);
        }
        return token.serialize();
    }

    public String issuer() {
        return properties.issuer();
    }

    public List<String> apiAudiences() {
        return properties.apiAudiences();
    }
}
