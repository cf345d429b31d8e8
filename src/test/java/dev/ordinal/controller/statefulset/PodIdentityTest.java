package dev.ordinal.controller.statefulset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PodIdentityTest {

    @ParameterizedTest
    @CsvSource({
            "web-0, web, 0",
            "web-12, web, 12",
            "my-web-3, my-web, 3",
            "web-01, web, 1",
            "web-2147483648, web, -1",
            "web, '', -1",
            "web-, '', -1",
            "web-x, '', -1"})
    void aPodNameParsesToItsParentAndOrdinal(String name, String parent, int ordinal) {
        assertThat(PodIdentity.parentName(name)).isEqualTo(parent);
        assertThat(PodIdentity.ordinal(name)).isEqualTo(ordinal);
    }

    @ParameterizedTest
    @CsvSource({"www, web, 0, www-web-0", "data, db, 12, data-db-12"})
    void aClaimIsNamedAfterTemplateSetAndOrdinal(String template, String set, int ordinal, String claim) {
        assertThat(PersistentVolumeClaims.claimName(template, set, ordinal)).isEqualTo(claim);
    }
}
