package dev.ordinal.pki;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

import dev.ordinal.pki.ClusterCertificateAuthority.SignedCertificate;
import dev.ordinal.pki.ClusterCertificateAuthority.Usage;

import static org.assertj.core.api.Assertions.assertThat;

/** Certificates the cluster CA signs, and that a restart on the same store serves the same ones. */
class ClusterCertificateAuthorityTest {

    private final EmbeddedDatabase database = new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
            .setName("keys-" + UUID.randomUUID()).build();
    private final JdbcTemplate jdbc = new JdbcTemplate(database);

    ClusterCertificateAuthorityTest() {
        Flyway.configure().dataSource(database).locations("classpath:db/migration/h2").load().migrate();
    }

    @AfterEach
    void shutDown() {
        database.shutdown();
    }

    /** The CA as a server starting on this store makes or reads it. */
    private ClusterCertificateAuthority start() {
        return new ClusterCertificateAuthority(new ClusterKeys(jdbc), Clock.systemUTC());
    }

    @Test
    void aSignedCertificateChainsToTheCaWithItsUsageAndNames() throws Exception {
        ClusterCertificateAuthority authority = start();
        SignedCertificate serving = authority.kept("apiserver", new X500Name("CN=kube-apiserver"), Usage.SERVER,
                List.of(new GeneralName(GeneralName.dNSName, "kubernetes.default"),
                        new GeneralName(GeneralName.iPAddress, "10.96.0.1")));
        X509Certificate certificate = serving.certificate();
        certificate.verify(authority.certificate().getPublicKey());
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(authority.certificate().getSubjectX500Principal());
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=kube-apiserver");
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(certificate.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "kubernetes.default"), List.of(7, "10.96.0.1"));

        SignedCertificate admin = authority.kept("admin", new X500Name("O=system:masters,CN=kubernetes-admin"),
                Usage.CLIENT, List.of());
        assertThat(admin.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(admin.keyPem()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    }

    @Test
    void aRestartServesTheSameCaAndCertificates() {
        ClusterCertificateAuthority first = start();
        SignedCertificate admin = first.kept("admin", new X500Name("CN=kubernetes-admin"), Usage.CLIENT, List.of());

        ClusterCertificateAuthority restarted = start();
        assertThat(restarted.certificate()).isEqualTo(first.certificate());
        assertThat(restarted.kept("admin", new X500Name("CN=kubernetes-admin"), Usage.CLIENT, List.of()))
                .isEqualTo(admin);
    }
}
