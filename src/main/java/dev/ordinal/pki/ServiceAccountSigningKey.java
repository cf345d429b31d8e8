package dev.ordinal.pki;

import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.springframework.stereotype.Component;

/**
 * The key ServiceAccount tokens are signed with, kubeadm's {@code sa.key}: RSA, made at the
 * first start and kept ({@link ClusterKeys}). Its key ID is upstream's {@code keyIDFromPublicKey}:
 * the unpadded base64url SHA-256 of the public key's PKIX encoding, so the {@code kid} of a token's
 * header names the key of the served JWK set.
 */
@Component
public class ServiceAccountSigningKey {

    static final String KEY_NAME = "service-account";

    private final RSAKey key;

    ServiceAccountSigningKey(ClusterKeys keys) {
        Pem.Contents kept = Pem.decode(keys.pem(KEY_NAME, () -> Pem.encode(Pem.newRsaKeyPair().getPrivate())));
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) kept.key();
        RSAPublicKey publicKey = publicKey(privateKey);
        this.key = new RSAKey.Builder(publicKey).privateKey(privateKey).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256).keyID(keyId(publicKey)).build();
    }

    /** The key pair, for signing. */
    public RSAKey signingKey() {
        return key;
    }

    /** Only the public half, as the JWK set serves it. */
    public RSAKey publicKey() {
        return key.toPublicJWK();
    }

    private static RSAPublicKey publicKey(RSAPrivateCrtKey privateKey) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String keyId(RSAPublicKey publicKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
