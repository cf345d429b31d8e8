package dev.ordinal.security.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;

import dev.ordinal.dns.DnsProperties;
import dev.ordinal.pki.ClusterCertificateAuthority;
import dev.ordinal.pki.ClusterCertificateAuthority.SignedCertificate;
import dev.ordinal.registry.core.ipallocator.ServiceNetworkProperties;
import dev.ordinal.security.SecurityProperties;

/**
 * The API server's serving certificate, kubeadm's {@code apiserver.crt}: {@code CN=kube-apiserver},
 * signed by the cluster CA, for server authentication, valid for the names kubeadm's
 * {@code GetAPIServerAltNames} gives (the host name; {@code kubernetes},
 * {@code kubernetes.default}, {@code kubernetes.default.svc} and
 * {@code kubernetes.default.svc.<cluster domain>}; the {@code kubernetes} Service's IP; the
 * address the server listens on when it names one; {@code ordinal.security.cert-sans}) and for
 * {@code localhost} and {@code 127.0.0.1}, where the written kubeconfig points.
 *
 * <p>It is kept with the cluster's keys under a name that depends on those names, so a restart
 * with the same names serves the same certificate and one with other names gets a new one
 * rather than a certificate that no longer covers them. Clients trust the CA, not this
 * certificate, so either way their kubeconfigs keep working.
 */
final class ServingCertificate {

    private final SignedCertificate certificate;

    ServingCertificate(ClusterCertificateAuthority authority, SecurityProperties security,
                       ServiceNetworkProperties services, DnsProperties dns, String listenAddress) {
        List<String> names = alternativeNames(hostName(), services.indexedAddress(1), dns.clusterDomain(),
                listenAddress, security.certSans());
        this.certificate = authority.kept("apiserver-" + digest(names), new X500Name("CN=kube-apiserver"),
                ClusterCertificateAuthority.Usage.SERVER, names.stream().map(ServingCertificate::generalName).toList());
    }

    SignedCertificate certificate() {
        return certificate;
    }

    /** The names and addresses the certificate is valid for, in kubeadm's order, each once. */
    static List<String> alternativeNames(String hostName, String serviceAddress, String clusterDomain,
                                         String listenAddress, List<String> extra) {
        Set<String> names = new LinkedHashSet<>();
        if (!hostName.isEmpty()) {
            names.add(hostName.toLowerCase(Locale.ROOT));
        }
        names.addAll(List.of("kubernetes", "kubernetes.default", "kubernetes.default.svc",
                "kubernetes.default.svc." + clusterDomain, "localhost", serviceAddress, "127.0.0.1"));
        if (listenAddress != null && !listenAddress.isBlank() && !isWildcard(listenAddress)) {
            names.add(listenAddress);
        }
        extra.stream().map(String::trim).filter(name -> !name.isEmpty()).forEach(names::add);
        return new ArrayList<>(names);
    }

    private static boolean isWildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]");
    }

    /** An IP address SAN for an address, a DNS name SAN for anything else, as kubeadm's {@code appendSANsToAltNames}. */
    static GeneralName generalName(String name) {
        return isIpAddress(name) ? new GeneralName(GeneralName.iPAddress, name)
                : new GeneralName(GeneralName.dNSName, name);
    }

    private static boolean isIpAddress(String name) {
        return name.matches("[0-9.]+") && name.chars().filter(c -> c == '.').count() == 3
                || name.contains(":");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "";
        }
    }

    private static String digest(List<String> names) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(String.join(",", names).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
