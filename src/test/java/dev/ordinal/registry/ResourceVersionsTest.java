package dev.ordinal.registry;

import org.junit.jupiter.api.Test;

import dev.ordinal.machinery.StatusError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ResourceVersionsTest {

    @Test
    void unsetAndZeroMeanAny() {
        assertThat(ResourceVersions.parse("")).isZero();
        assertThat(ResourceVersions.parse(null)).isZero();
        assertThat(ResourceVersions.parse("0")).isZero();
        assertThat(ResourceVersions.parse("42")).isEqualTo(42);
    }

    @Test
    void anythingButDigitsIsABadRequestWithUpstreamsMessage() {
        assertThat(rejection("abc").code()).isEqualTo(400);
        assertThat(rejection("abc").getMessage()).isEqualTo("invalid resource version: resourceVersion: "
                + "Invalid value: \"abc\": strconv.ParseUint: parsing \"abc\": invalid syntax");
        assertThat(rejection("-1").getMessage()).endsWith("parsing \"-1\": invalid syntax");
        assertThat(rejection("+1").getMessage()).endsWith("parsing \"+1\": invalid syntax");
        assertThat(rejection("1 ").getMessage()).endsWith("parsing \"1 \": invalid syntax");
    }

    @Test
    void anUnsigned64BitNumberIsAcceptedAndAnythingLargerIsOutOfRange() {
        assertThat(ResourceVersions.parse("18446744073709551615")).isEqualTo(Long.MAX_VALUE);
        assertThat(rejection("18446744073709551616").getMessage())
                .endsWith("parsing \"18446744073709551616\": value out of range");
    }

    private static StatusError rejection(String resourceVersion) {
        return catchThrowableOfType(StatusError.class, () -> ResourceVersions.parse(resourceVersion));
    }
}
