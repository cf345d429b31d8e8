package dev.ordinal.pki;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.springframework.stereotype.Component;

/**
 * The cluster's root certificate authority, kubeadm's {@code ca.crt}: a self-signed CA
 * certificate with the subject {@code CN=kubernetes}, valid for ten years, made at the first start
 * and kept ({@link ClusterKeys}). The root CA publisher puts it into every namespace's
 * {@code kube-root-ca.crt} ConfigMap, and pods' ServiceAccount volumes carry it as {@code ca.crt}.
 */
@Component
public class ClusterCertificateAuthority {

    static final String KEY_NAME = "ca";
    /** kubeadm's CA lifetime. */
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private final String certificatePem;

    ClusterCertificateAuthority(ClusterKeys keys, Clock clock) {
        Pem.Contents kept = Pem.decode(keys.pem(KEY_NAME, () -> make(clock.instant())));
        this.certificatePem = Pem.encode(kept.certificates().get(0));
    }

    /** The CA certificate in PEM, the {@code ca.crt} of {@code kube-root-ca.crt}. */
    public String certificatePem() {
        return certificatePem;
    }

    private static String make(Instant now) {
        KeyPair pair = Pem.newRsaKeyPair();
        X500Name subject = new X500Name("CN=kubernetes");
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(63, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyCertSign));
            X509Certificate certificate = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            return Pem.encode(pair.getPrivate(), certificate);
        } catch (CertIOException | OperatorCreationException | java.security.cert.CertificateException e) {
            throw new IllegalStateException("cannot make the cluster CA", e);
        }
    }
}
