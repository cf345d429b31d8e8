package dev.ordinal.pki;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.springframework.stereotype.Component;

/**
 * The cluster's root certificate authority, kubeadm's {@code ca.crt}: a self-signed CA
 * certificate with the subject {@code CN=kubernetes}, valid for ten years, made at the first start
 * and kept ({@link ClusterKeys}). The root CA publisher puts it into every namespace's
 * {@code kube-root-ca.crt} ConfigMap, and pods' ServiceAccount volumes carry it as {@code ca.crt}.
 * It signs the API server's serving certificate and the admin's client certificate, and client
 * certificates are trusted when it signed them, as kube-apiserver's {@code --client-ca-file}.
 */
@Component
public class ClusterCertificateAuthority {

    static final String KEY_NAME = "ca";
    /** kubeadm's CA lifetime. */
    private static final Duration VALIDITY = Duration.ofDays(3650);
    /** kubeadm's lifetime of the certificates the CA signs. */
    private static final Duration LEAF_VALIDITY = Duration.ofDays(365);

    private final ClusterKeys keys;
    private final Clock clock;
    private final X509Certificate certificate;
    private final PrivateKey key;
    private final String certificatePem;

    ClusterCertificateAuthority(ClusterKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
        Pem.Contents kept = Pem.decode(keys.pem(KEY_NAME, () -> make(clock.instant())));
        this.certificate = kept.certificates().get(0);
        this.key = kept.key();
        this.certificatePem = Pem.encode(certificate);
    }

    /** The CA certificate in PEM, the {@code ca.crt} of {@code kube-root-ca.crt}. */
    public String certificatePem() {
        return certificatePem;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * The certificate kept under {@code name} with its key, made and signed at the first start
     * that asks for it and read back at every later one, as kubeadm keeps {@code apiserver.crt}
     * and {@code admin.conf}: clients that trusted or held it before a restart still do.
     */
    public SignedCertificate kept(String name, X500Name subject, Usage usage, List<GeneralName> alternativeNames) {
        Pem.Contents kept = Pem.decode(keys.pem(name, () -> {
            KeyPair pair = Pem.newRsaKeyPair();
            return Pem.encode(pair.getPrivate(),
                    sign(subject, pair.getPublic(), usage, alternativeNames, clock.instant()));
        }));
        return new SignedCertificate(kept.key(), kept.certificates().get(0));
    }

    /** A certificate the CA signed and its private key. */
    public record SignedCertificate(PrivateKey key, X509Certificate certificate) {

        public String certificatePem() {
            return Pem.encode(certificate);
        }

        public String keyPem() {
            return Pem.encode(key);
        }
    }

    /** What a certificate signed by the CA is for: kubeadm's {@code certutil.Config} usages. */
    public enum Usage {
        SERVER(KeyPurposeId.id_kp_serverAuth),
        CLIENT(KeyPurposeId.id_kp_clientAuth);

        private final KeyPurposeId purpose;

        Usage(KeyPurposeId purpose) {
            this.purpose = purpose;
        }
    }

    /**
     * A certificate for {@code subject}'s key, signed by the CA and valid for a year from
     * {@code now}, as kubeadm's {@code NewSignedCert}: not a CA, digital signature and key
     * encipherment, the given extended usage and subject alternative names.
     */
    X509Certificate sign(X500Name subject, PublicKey publicKey, Usage usage, List<GeneralName> alternativeNames,
                         Instant now) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate,
                    new BigInteger(63, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(LEAF_VALIDITY)), subject, publicKey);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage.purpose));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(certificate));
            if (!alternativeNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(alternativeNames.toArray(GeneralName[]::new)));
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
        } catch (CertIOException | OperatorCreationException | CertificateException
                 | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot sign a certificate for " + subject, e);
        }
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
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            return Pem.encode(pair.getPrivate(), certificate);
        } catch (CertIOException | OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("cannot make the cluster CA", e);
        }
    }
}
