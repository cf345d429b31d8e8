package dev.ordinal.registry.cel;

import java.util.List;
import java.util.Optional;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.ordinal.machinery.IpAddresses;
import dev.ordinal.machinery.go.GoText;

import static dev.cel.common.CelOverloadDecl.newGlobalOverload;
import static dev.cel.common.CelOverloadDecl.newMemberOverload;

/**
 * Upstream's {@code library.IP} and {@code library.CIDR}: addresses and networks read as Go's
 * {@code netip} reads them (no leading zeros, no zones, no IPv4-mapped IPv6 addresses), never
 * resolving names.
 */
final class IpLibrary implements CelLibrary {

    static final OpaqueType IP = OpaqueType.create("net.IP");
    static final OpaqueType CIDR = OpaqueType.create("net.CIDR");

    /** An address, kept in its canonical text so that equal addresses are equal values. */
    record IpValue(String canonical) {
        byte[] bytes() {
            return IpAddresses.parse(canonical).orElseThrow();
        }
    }

    /** A network as written: its address (host bits and all) and prefix length. */
    record CidrValue(IpValue address, int prefix) {
        @Override
        public String toString() {
            return address.canonical() + "/" + prefix;
        }
    }

    @Override
    public List<CelFunctionDecl> declarations() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration("ip", newGlobalOverload("string_to_ip", IP, SimpleType.STRING),
                        newMemberOverload("cidr_ip", IP, CIDR)),
                CelFunctionDecl.newFunctionDeclaration("isIP",
                        newGlobalOverload("is_ip", SimpleType.BOOL, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("ip.isCanonical",
                        newGlobalOverload("ip_is_canonical", SimpleType.BOOL, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("family", newMemberOverload("ip_family", SimpleType.INT, IP)),
                ipTest("isUnspecified"), ipTest("isLoopback"), ipTest("isLinkLocalMulticast"),
                ipTest("isLinkLocalUnicast"), ipTest("isGlobalUnicast"),
                CelFunctionDecl.newFunctionDeclaration("string",
                        newGlobalOverload("ip_to_string", SimpleType.STRING, IP),
                        newGlobalOverload("cidr_to_string", SimpleType.STRING, CIDR)),
                CelFunctionDecl.newFunctionDeclaration("cidr",
                        newGlobalOverload("string_to_cidr", CIDR, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("isCIDR",
                        newGlobalOverload("is_cidr", SimpleType.BOOL, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("containsIP",
                        newMemberOverload("cidr_contains_ip_ip", SimpleType.BOOL, CIDR, IP),
                        newMemberOverload("cidr_contains_ip_string", SimpleType.BOOL, CIDR, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("containsCIDR",
                        newMemberOverload("cidr_contains_cidr", SimpleType.BOOL, CIDR, CIDR),
                        newMemberOverload("cidr_contains_cidr_string", SimpleType.BOOL, CIDR, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("masked", newMemberOverload("cidr_masked", CIDR, CIDR)),
                CelFunctionDecl.newFunctionDeclaration("prefixLength",
                        newMemberOverload("cidr_prefix_length", SimpleType.INT, CIDR)));
    }

    private static CelFunctionDecl ipTest(String name) {
        return CelFunctionDecl.newFunctionDeclaration(name, newMemberOverload("ip_" + name, SimpleType.BOOL, IP));
    }

    @Override
    public List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("string_to_ip", String.class, IpLibrary::ip),
                CelFunctionBinding.from("cidr_ip", CidrValue.class, CidrValue::address),
                CelFunctionBinding.from("is_ip", String.class, text -> parseIp(text).isPresent()),
                CelFunctionBinding.from("ip_is_canonical", String.class,
                        text -> ip(text).canonical().equals(text)),
                CelFunctionBinding.from("ip_family", IpValue.class, ip -> ip.bytes().length == 4 ? 4L : 6L),
                CelFunctionBinding.from("ip_isUnspecified", IpValue.class,
                        ip -> allZero(ip.bytes(), 0)),
                CelFunctionBinding.from("ip_isLoopback", IpValue.class, IpLibrary::isLoopback),
                CelFunctionBinding.from("ip_isLinkLocalMulticast", IpValue.class, IpLibrary::isLinkLocalMulticast),
                CelFunctionBinding.from("ip_isLinkLocalUnicast", IpValue.class, IpLibrary::isLinkLocalUnicast),
                CelFunctionBinding.from("ip_isGlobalUnicast", IpValue.class, IpLibrary::isGlobalUnicast),
                CelFunctionBinding.from("ip_to_string", IpValue.class, IpValue::canonical),
                CelFunctionBinding.from("cidr_to_string", CidrValue.class, CidrValue::toString),
                CelFunctionBinding.from("string_to_cidr", String.class, IpLibrary::cidr),
                CelFunctionBinding.from("is_cidr", String.class, text -> parseCidr(text).isPresent()),
                CelFunctionBinding.from("cidr_contains_ip_ip", CidrValue.class, IpValue.class, IpLibrary::contains),
                CelFunctionBinding.from("cidr_contains_ip_string", CidrValue.class, String.class,
                        (cidr, text) -> contains(cidr, ip(text))),
                CelFunctionBinding.from("cidr_contains_cidr", CidrValue.class, CidrValue.class,
                        (cidr, other) -> other.prefix() >= cidr.prefix() && contains(cidr, other.address())),
                CelFunctionBinding.from("cidr_contains_cidr_string", CidrValue.class, String.class, (cidr, text) -> {
                    CidrValue other = cidr(text);
                    return other.prefix() >= cidr.prefix() && contains(cidr, other.address());
                }),
                CelFunctionBinding.from("cidr_masked", CidrValue.class,
                        cidr -> new CidrValue(masked(cidr.address(), cidr.prefix()), cidr.prefix())),
                CelFunctionBinding.from("cidr_prefix_length", CidrValue.class, cidr -> (long) cidr.prefix()));
    }

    private static IpValue ip(String text) throws CelEvaluationException {
        if (text.contains("%")) {
            throw LibraryErrors.error("IP address with zone value is not allowed");
        }
        if (isIpv4Mapped(text)) {
            throw LibraryErrors.error("IPv4-mapped IPv6 addresses are not allowed");
        }
        return parseIp(text).orElseThrow(() -> LibraryErrors.error("IP Address " + GoText.quote(text)
                + " parse error during conversion from string: ParseAddr(" + GoText.quote(text)
                + "): unable to parse IP"));
    }

    static Optional<IpValue> parseIp(String text) {
        if (text.contains("%") || isIpv4Mapped(text)) {
            return Optional.empty();
        }
        return IpAddresses.parse(text).map(bytes -> new IpValue(IpAddresses.format(bytes)));
    }

    private static boolean isIpv4Mapped(String text) {
        return text.contains(":") && text.contains(".") && IpAddresses.parse(text).map(b -> b.length == 4).orElse(false);
    }

    private static CidrValue cidr(String text) throws CelEvaluationException {
        return parseCidr(text).orElseThrow(() -> LibraryErrors.error("network address parse error during conversion "
                + "from string: netip.ParsePrefix(" + GoText.quote(text) + "): bad prefix"));
    }

    static Optional<CidrValue> parseCidr(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String bits = text.substring(slash + 1);
        Optional<IpValue> address = parseIp(text.substring(0, slash));
        if (address.isEmpty() || !bits.matches("0|[1-9][0-9]{0,2}")) {
            return Optional.empty();
        }
        int prefix = Integer.parseInt(bits);
        return prefix > address.get().bytes().length * 8 ? Optional.empty()
                : Optional.of(new CidrValue(address.get(), prefix));
    }

    private static boolean contains(CidrValue cidr, IpValue ip) {
        return ip.bytes().length == cidr.address().bytes().length
                && masked(ip, cidr.prefix()).equals(masked(cidr.address(), cidr.prefix()));
    }

    private static IpValue masked(IpValue ip, int prefix) {
        byte[] bytes = ip.bytes();
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
        }
        return new IpValue(IpAddresses.format(bytes));
    }

    private static boolean allZero(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLoopback(IpValue ip) {
        byte[] b = ip.bytes();
        return b.length == 4 ? b[0] == 127 : allZero(java.util.Arrays.copyOf(b, 15), 0) && b[15] == 1;
    }

    private static boolean isMulticast(byte[] b) {
        return b.length == 4 ? (b[0] & 0xf0) == 0xe0 : (b[0] & 0xff) == 0xff;
    }

    private static boolean isLinkLocalMulticast(IpValue ip) {
        byte[] b = ip.bytes();
        return b.length == 4 ? (b[0] & 0xff) == 224 && b[1] == 0 && b[2] == 0
                : (b[0] & 0xff) == 0xff && (b[1] & 0x0f) == 0x02;
    }

    private static boolean isLinkLocalUnicast(IpValue ip) {
        byte[] b = ip.bytes();
        return b.length == 4 ? (b[0] & 0xff) == 169 && (b[1] & 0xff) == 254
                : (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80;
    }

    private static boolean isGlobalUnicast(IpValue ip) {
        byte[] b = ip.bytes();
        boolean broadcast = b.length == 4 && (b[0] & b[1] & b[2] & b[3] & 0xff) == 0xff;
        return !allZero(b, 0) && !isLoopback(ip) && !isMulticast(b) && !isLinkLocalUnicast(ip) && !broadcast;
    }
}
