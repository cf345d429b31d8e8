package dev.ordinal.registry.printers;

import static dev.ordinal.registry.printers.Rows.ago;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

/** ConfigMaps, Secrets and ServiceAccounts. */
class ConfigTablesTest {

    @Test
    void configMapCountsTextAndBinaryKeys() {
        ConfigMapTable table = new ConfigMapTable();
        assertThat(Rows.headers(table)).isEqualTo("NAME DATA AGE");
        assertThat(Rows.row(table, """
                {"metadata": {"name": "settings", "creationTimestamp": "%s"},
                 "data": {"a": "1", "b": "2"}, "binaryData": {"c": "AAE="}}""".formatted(ago("PT3H1M"))))
                .containsExactly(entry("Name", "settings"), entry("Data", 3L), entry("Age", "3h1m"));
        assertThat(Rows.row(table, """
                {"metadata": {"name": "empty"}}""")).containsEntry("Data", 0L);
    }

    @Test
    void secretShowsItsTypeAndKeyCount() {
        SecretTable table = new SecretTable();
        assertThat(Rows.headers(table)).isEqualTo("NAME TYPE DATA AGE");
        assertThat(Rows.row(table, """
                {"metadata": {"name": "tls", "creationTimestamp": "%s"}, "type": "kubernetes.io/tls",
                 "data": {"tls.crt": "Y2VydA==", "tls.key": "a2V5"}}""".formatted(ago("PT119S"))))
                .containsExactly(entry("Name", "tls"), entry("Type", "kubernetes.io/tls"), entry("Data", 2L),
                        entry("Age", "119s"));
    }

    @Test
    void serviceAccountCountsItsSecrets() {
        ServiceAccountTable table = new ServiceAccountTable();
        assertThat(Rows.headers(table)).isEqualTo("NAME SECRETS AGE");
        assertThat(Rows.row(table, """
                {"metadata": {"name": "default", "creationTimestamp": "%s"}, "secrets": [{"name": "token"}]}"""
                .formatted(ago("PT10M"))))
                .containsExactly(entry("Name", "default"), entry("Secrets", 1L), entry("Age", "10m"));
        assertThat(Rows.row(table, """
                {"metadata": {"name": "default"}}""")).containsEntry("Secrets", 0L);
    }
}
