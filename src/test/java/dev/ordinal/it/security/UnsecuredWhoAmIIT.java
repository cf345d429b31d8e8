package dev.ordinal.it.security;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ordinal.testing.Kubectl;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** With security off every request is system:unsecured in system:masters, and kubectl auth whoami says so. */
@ServerTest
class UnsecuredWhoAmIIT {

    @LocalServerPort
    int port;

    @Test
    void kubectlAuthWhoamiPrintsTheUnsecuredUser() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        Kubectl.Result whoami = new Kubectl(port, "default").run("auth", "whoami");
        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        assertThat(whoami.out()).containsPattern("Username\\s+system:unsecured")
                .containsPattern("Groups\\s+\\[system:masters system:authenticated\\]");
    }
}
