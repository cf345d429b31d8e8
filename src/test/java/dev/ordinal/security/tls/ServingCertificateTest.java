package dev.ordinal.security.tls;

import java.util.List;

import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The serving certificate's names: kubeadm's apiserver SANs, loopback, and the configured extras. */
class ServingCertificateTest {

    @Test
    void kubeadmsNamesTheServiceAddressAndLoopback() {
        assertThat(ServingCertificate.alternativeNames("Build-Host", "10.96.0.1", "cluster.local", "127.0.0.1",
                List.of())).containsExactly("build-host", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                "kubernetes.default.svc.cluster.local", "localhost", "10.96.0.1", "127.0.0.1");
    }

    @Test
    void theListenAddressAndConfiguredNamesAreAdded_aWildcardAddressIsNot() {
        assertThat(ServingCertificate.alternativeNames("host", "10.100.0.1", "example.org", "192.168.1.20",
                List.of("ordinal.example.org", " 10.0.0.5 ", "")))
                .contains("kubernetes.default.svc.example.org", "10.100.0.1", "192.168.1.20", "ordinal.example.org",
                        "10.0.0.5")
                .doesNotHaveDuplicates();
        assertThat(ServingCertificate.alternativeNames("host", "10.96.0.1", "cluster.local", "0.0.0.0", List.of()))
                .doesNotContain("0.0.0.0");
    }

    @Test
    void addressesBecomeIpSansAndNamesDnsSans() {
        assertThat(ServingCertificate.generalName("10.96.0.1").getTagNo()).isEqualTo(GeneralName.iPAddress);
        assertThat(ServingCertificate.generalName("fd00::1").getTagNo()).isEqualTo(GeneralName.iPAddress);
        assertThat(ServingCertificate.generalName("kubernetes.default").getTagNo()).isEqualTo(GeneralName.dNSName);
        assertThat(ServingCertificate.generalName("localhost").getTagNo()).isEqualTo(GeneralName.dNSName);
    }
}
