package dev.ordinal.security.authentication;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.springframework.stereotype.Component;

import dev.ordinal.pki.ClusterCertificateAuthority;
import dev.ordinal.security.UserInfo;

/**
 * Client certificates, upstream's x509 authenticator with {@code CommonNameUserConversion}: a
 * certificate the client sent in the TLS handshake that chains to the cluster CA, is valid now and
 * may be used for client authentication stands for the user of its common name, in the groups of
 * its organizations. A certificate without a common name is no one's; one that does not verify is
 * refused.
 */
@Component
class ClientCertificates {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_USAGE = "2.5.29.37.0";

    private final X509Certificate authority;
    private final Clock clock;

    ClientCertificates(ClusterCertificateAuthority authority, Clock clock) {
        this.authority = authority.certificate();
        this.clock = clock;
    }

    Optional<UserInfo> authenticate(X509Certificate[] chain) throws InvalidCredentials {
        if (chain == null || chain.length == 0) {
            return Optional.empty();
        }
        X509Certificate leaf = chain[0];
        try {
            // The CA itself, if the client sent it, is the anchor and no part of the path.
            List<X509Certificate> path = Arrays.stream(chain).filter(certificate -> !certificate.equals(authority))
                    .toList();
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(authority, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            List<String> usages = leaf.getExtendedKeyUsage();
            if (usages != null && !usages.contains(CLIENT_AUTH) && !usages.contains(ANY_USAGE)) {
                throw new InvalidCredentials("verifying certificate " + identifier(leaf)
                        + " failed: x509: certificate specifies an incompatible key usage");
            }
        } catch (GeneralSecurityException e) {
            throw new InvalidCredentials("verifying certificate " + identifier(leaf)
                    + " failed: x509: certificate signed by unknown authority (" + e.getMessage() + ")");
        }
        X500Name subject = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
        List<String> commonNames = values(subject, BCStyle.CN);
        if (commonNames.isEmpty() || commonNames.get(0).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new UserInfo(commonNames.get(0), "", values(subject, BCStyle.O),
                Map.of("authentication.kubernetes.io/credential-id", List.of("X509SHA256=" + fingerprint(leaf)))));
    }

    private static List<String> values(X500Name name, ASN1ObjectIdentifier type) {
        return Arrays.stream(name.getRDNs(type)).map(RDN::getFirst)
                .map(attribute -> attribute.getValue() instanceof ASN1String text ? text.getString()
                        : IETFUtils.valueToString(attribute.getValue()))
                .toList();
    }

    /** Upstream's {@code certificateIdentifier}: the serial number and the subject. */
    private static String identifier(X509Certificate certificate) {
        return "SN=" + certificate.getSerialNumber() + ", subject=\""
                + certificate.getSubjectX500Principal().getName(X500Principal.RFC2253) + "\"";
    }

    private static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
