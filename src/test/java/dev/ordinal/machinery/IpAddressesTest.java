package dev.ordinal.machinery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpAddressesTest {

    @Test
    void strictParsingRefusesLeadingZerosThatSloppyParsingReadsAsDecimal() {
        assertThat(IpAddresses.parse("10.096.0.1")).isEmpty();
        assertThat(IpAddresses.parseSloppy("10.096.0.1")).hasValueSatisfying(address ->
                assertThat(IpAddresses.format(address)).isEqualTo("10.96.0.1"));
        assertThat(IpAddresses.parseSloppy("::ffff:010.0.0.1")).hasValueSatisfying(address ->
                assertThat(IpAddresses.format(address)).isEqualTo("10.0.0.1"));
        assertThat(IpAddresses.parseSloppy("10.0.0.256")).isEmpty();
        assertThat(IpAddresses.parseSloppy("10.0.0.0001")).isEmpty();
    }

    @Test
    void onlyAsciiDigitsMakeAnAddress() {
        assertThat(IpAddresses.parse("\u0661.2.3.4")).isEmpty();
        assertThat(IpAddresses.parse("fe80::\u0661")).isEmpty();
        assertThat(IpAddresses.parse("FE80::1")).hasValueSatisfying(address ->
                assertThat(IpAddresses.format(address)).isEqualTo("fe80::1"));
    }

    @Test
    void cidrsHaveAPrefixNoLongerThanTheirAddress() {
        assertThat(IpAddresses.parseCidrSloppy("10.96.0.0/12")).hasValueSatisfying(cidr -> {
            assertThat(IpAddresses.format(cidr.address())).isEqualTo("10.96.0.0");
            assertThat(cidr.prefix()).isEqualTo(12);
        });
        assertThat(IpAddresses.parseCidrSloppy("2001:db8::/0064")).map(IpAddresses.Cidr::prefix).hasValue(64);
        assertThat(IpAddresses.parseCidrSloppy("2001:db8::/129")).isEmpty();
        assertThat(IpAddresses.parseCidrSloppy("10.0.0.0/33")).isEmpty();
        assertThat(IpAddresses.parseCidrSloppy("10.0.0.0/+8")).isEmpty();
        assertThat(IpAddresses.parseCidrSloppy("10.0.0.0/")).isEmpty();
        assertThat(IpAddresses.parseCidrSloppy("10.0.0.0")).isEmpty();
    }
}
