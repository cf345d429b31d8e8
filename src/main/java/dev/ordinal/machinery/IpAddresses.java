package dev.ordinal.machinery;

import java.util.Optional;

/**
 * IP address literals read and written as Go's {@code net} package does: dotted quads without
 * leading zeros, IPv6 in any RFC 4291 form (an IPv4-mapped address counts as IPv4), and
 * {@link #format} prints the canonical RFC 5952 text {@code net.IP.String()} prints. API validation
 * reads addresses and CIDRs as upstream's {@code netutils.ParseIPSloppy} and
 * {@code ParseCIDRSloppy} do, which also take leading zeros (as decimal). Parsing never resolves
 * names, unlike {@link java.net.InetAddress#getByName}.
 */
public final class IpAddresses {

    /** A network: its address as written (host bits and all) and its prefix length. */
    public record Cidr(byte[] address, int prefix) {
    }

    private IpAddresses() {
    }

    /** The 4 (IPv4) or 16 (IPv6) bytes of a literal, or empty when it is none. */
    public static Optional<byte[]> parse(String text) {
        return parse(text, false);
    }

    /** {@link #parse}, with leading zeros in IPv4 parts allowed as upstream's {@code ParseIPSloppy} allows them. */
    public static Optional<byte[]> parseSloppy(String text) {
        return parse(text, true);
    }

    /**
     * Upstream {@code ParseCIDRSloppy}: a {@link #parseSloppy} address, a slash and a prefix of ASCII
     * digits no longer than the address; empty when the text is none.
     */
    public static Optional<Cidr> parseCidrSloppy(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        byte[] address = parseSloppy(text.substring(0, slash)).orElse(null);
        String digits = text.substring(slash + 1).replaceFirst("^0+(?=.)", "");
        if (address == null || !isDecimal(digits) || digits.length() > 3
                || Integer.parseInt(digits) > address.length * 8) {
            return Optional.empty();
        }
        return Optional.of(new Cidr(address, Integer.parseInt(digits)));
    }

    private static Optional<byte[]> parse(String text, boolean sloppy) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        byte[] address = text.indexOf(':') >= 0 ? parseIpv6(text, sloppy) : parseIpv4(text, sloppy);
        if (address != null && address.length == 16 && isIpv4Mapped(address)) {
            byte[] ipv4 = new byte[4];
            System.arraycopy(address, 12, ipv4, 0, 4);
            return Optional.of(ipv4);
        }
        return Optional.ofNullable(address);
    }

    /** The canonical text of a literal, or empty when it is none. */
    public static Optional<String> canonical(String text) {
        return parse(text).map(IpAddresses::format);
    }

    public static boolean isIpv6(String text) {
        return parse(text).map(address -> address.length == 16).orElse(false);
    }

    public static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "."
                    + (address[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (address[2 * i] & 0xff) << 8 | address[2 * i + 1] & 0xff;
        }
        // RFC 5952: the longest run of two or more zero groups (the first of equals) becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private static byte[] parseIpv4(String text, boolean sloppy) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !sloppy && part.length() > 1 && part.charAt(0) == '0'
                    || !isDecimal(part)) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            address[i] = (byte) value;
        }
        return address;
    }

    private static byte[] parseIpv6(String text, boolean sloppy) {
        int ellipsis = text.indexOf("::");
        if (ellipsis >= 0 && text.indexOf("::", ellipsis + 1) >= 0) {
            return null;
        }
        String head = ellipsis >= 0 ? text.substring(0, ellipsis) : text;
        String tail = ellipsis >= 0 ? text.substring(ellipsis + 2) : "";
        byte[] headBytes = groups(head, ellipsis < 0, sloppy);
        byte[] tailBytes = groups(tail, true, sloppy);
        if (headBytes == null || tailBytes == null) {
            return null;
        }
        int length = headBytes.length + tailBytes.length;
        if (ellipsis < 0 ? length != 16 : length > 14) {
            return null;
        }
        byte[] address = new byte[16];
        System.arraycopy(headBytes, 0, address, 0, headBytes.length);
        System.arraycopy(tailBytes, 0, address, 16 - tailBytes.length, tailBytes.length);
        return address;
    }

    /** Colon-separated hex groups; the last may be a dotted quad when {@code last} allows it. */
    private static byte[] groups(String text, boolean last, boolean sloppy) {
        if (text.isEmpty()) {
            return new byte[0];
        }
        String[] parts = text.split(":", -1);
        byte[] bytes = new byte[parts.length * 2 + 2];
        int length = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (last && i == parts.length - 1 && part.indexOf('.') >= 0) {
                byte[] ipv4 = parseIpv4(part, sloppy);
                if (ipv4 == null) {
                    return null;
                }
                System.arraycopy(ipv4, 0, bytes, length, 4);
                length += 4;
                continue;
            }
            if (part.isEmpty() || part.length() > 4 || !part.chars().allMatch(IpAddresses::isHexDigit)) {
                return null;
            }
            int value = Integer.parseInt(part, 16);
            bytes[length++] = (byte) (value >> 8);
            bytes[length++] = (byte) value;
        }
        byte[] result = new byte[length];
        System.arraycopy(bytes, 0, result, 0, length);
        return result;
    }

    /** ASCII digits only: {@link Character#isDigit} would take other scripts' digits too. */
    private static boolean isDecimal(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean isHexDigit(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static boolean isIpv4Mapped(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return (address[10] & 0xff) == 0xff && (address[11] & 0xff) == 0xff;
    }
}
