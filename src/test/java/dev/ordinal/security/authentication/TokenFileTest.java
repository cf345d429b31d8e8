package dev.ordinal.security.authentication;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ordinal.security.UserInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** kube-apiserver's --token-auth-file format, read as upstream's tokenfile.NewCSV reads it. */
class TokenFileTest {

    private static UserInfo user(TokenFile file, String token) {
        return file.authenticate(token, List.of("api")).map(TokenAuthenticator.Authenticated::user).orElse(null);
    }

    @Test
    void recordsNameTheUserTheirUidAndTheQuotedGroups() {
        TokenFile file = TokenFile.parse("tokens.csv", """
                31ada4fd-adec-460c-809a-9e56ceb75269,alice,1001,"developers,reviewers"
                0b5a6b10,bob,1002
                c2d3,"carol ""the admin""\",1003,system:masters
                """);
        assertThat(user(file, "31ada4fd-adec-460c-809a-9e56ceb75269"))
                .isEqualTo(new UserInfo("alice", "1001", List.of("developers", "reviewers"), Map.of()));
        assertThat(user(file, "0b5a6b10")).isEqualTo(new UserInfo("bob", "1002", List.of(), Map.of()));
        assertThat(user(file, "c2d3")).isEqualTo(new UserInfo("carol \"the admin\"", "1003",
                List.of("system:masters"), Map.of()));
        assertThat(user(file, "unknown")).isNull();
        assertThat(user(file, "0b5a6b1")).isNull();
    }

    @Test
    void blankLinesAndCrLfAreRead_emptyTokensSkipped_aRepeatedTokenTheLastOne() {
        TokenFile file = TokenFile.parse("tokens.csv", "\r\nt1,first,1\r\n\r\n,nobody,2\r\nt1,second,3\r\n");
        assertThat(user(file, "t1").name()).isEqualTo("second");
        assertThat(user(file, "")).isNull();
    }

    @Test
    void aRecordOfFewerThanThreeColumnsIsRefusedWithUpstreamsMessage() {
        assertThatThrownBy(() -> TokenFile.parse("/etc/tokens.csv", "t1,alice\n"))
                .hasMessage("token file '/etc/tokens.csv' must have at least 3 columns (token, user name, user uid), "
                        + "found 2");
    }

    @Test
    void malformedQuotesAreRefusedAsGosCsvReaderRefusesThem() {
        assertThatThrownBy(() -> TokenFile.parse("tokens.csv", "t1,al\"ice,1\n"))
                .hasMessage("parse error on line 1, column 6: bare \" in non-quoted-field");
        assertThatThrownBy(() -> TokenFile.parse("tokens.csv", "t1,\"alice,1\n"))
                .hasMessageContaining("extraneous or missing \" in quoted-field");
    }
}
