package dev.ordinal.registry.core.ipallocator;

import java.math.BigInteger;

import dev.ordinal.machinery.IpAddresses;

/**
 * One service CIDR and the part of it upstream's IP allocator ({@code ipallocator.NewCIDRRange})
 * hands out: never the network address, never an IPv4 broadcast address, and at most 65,536
 * addresses of an IPv6 range (the size of upstream's bitmap).
 */
final class ServiceCidr {

    private static final int MAX_IPV6_ADDRESSES = 65_536;

    private final String text;
    private final BigInteger first;
    private final int byteLength;
    private final BigInteger network;
    private final int prefix;
    private final long size;

    private ServiceCidr(String text, byte[] network, int prefix) {
        this.text = text;
        this.byteLength = network.length;
        this.network = new BigInteger(1, network);
        this.prefix = prefix;
        this.first = this.network.add(BigInteger.ONE);
        int hostBits = network.length * 8 - prefix;
        BigInteger addresses = BigInteger.ONE.shiftLeft(hostBits);
        if (ipv6()) {
            this.size = addresses.min(BigInteger.valueOf(MAX_IPV6_ADDRESSES)).longValueExact() - 1;
        } else {
            this.size = Math.max(0, addresses.longValueExact() - 2);
        }
    }

    /**
     * Reads {@code 10.96.0.0/12} as kube-apiserver reads its service range ({@code ParseCIDRSloppy}); a
     * range whose address has host bits set is refused.
     */
    static ServiceCidr parse(String cidr) {
        IpAddresses.Cidr parsed = IpAddresses.parseCidrSloppy(cidr)
                .orElseThrow(() -> new IllegalArgumentException("invalid CIDR address: " + cidr));
        byte[] address = parsed.address();
        int prefix = parsed.prefix();
        BigInteger value = new BigInteger(1, address);
        BigInteger hostMask = BigInteger.ONE.shiftLeft(address.length * 8 - prefix).subtract(BigInteger.ONE);
        if (!value.and(hostMask).equals(BigInteger.ZERO)) {
            throw new IllegalArgumentException("service CIDR " + cidr + " has host bits set");
        }
        return new ServiceCidr(IpAddresses.format(address) + "/" + prefix, address, prefix);
    }

    boolean ipv6() {
        return byteLength == 16;
    }

    /** The IP family of the range, as {@code spec.ipFamilies} names it. */
    String family() {
        return ipv6() ? "IPv6" : "IPv4";
    }

    /** How many addresses can be allocated. */
    long size() {
        return size;
    }

    /**
     * The size of the low band kept for statically requested IPs, which dynamic allocation uses
     * last (upstream's {@code calculateRangeOffset}: min(max(16, size/16), 256), 0 for tiny ranges).
     */
    long staticBand() {
        BigInteger cidrSize = BigInteger.ONE.shiftLeft(byteLength * 8 - prefix);
        if (cidrSize.compareTo(BigInteger.valueOf(16)) <= 0) {
            return 0;
        }
        return cidrSize.divide(BigInteger.valueOf(16)).max(BigInteger.valueOf(16)).min(BigInteger.valueOf(256))
                .longValueExact();
    }

    /** Whether the address lies within the CIDR at all (of the right family). */
    boolean contains(byte[] address) {
        if (address.length != byteLength) {
            return false;
        }
        BigInteger value = new BigInteger(1, address);
        return value.shiftRight(byteLength * 8 - prefix).equals(network.shiftRight(byteLength * 8 - prefix));
    }

    /** The allocation offset of an address, or -1 when it is not one the range hands out. */
    long offsetOf(byte[] address) {
        if (!contains(address)) {
            return -1;
        }
        long offset = new BigInteger(1, address).subtract(first).longValue();
        return offset >= 0 && offset < size ? offset : -1;
    }

    String addressAt(long offset) {
        byte[] bytes = first.add(BigInteger.valueOf(offset)).toByteArray();
        byte[] address = new byte[byteLength];
        int copied = Math.min(bytes.length, byteLength);
        System.arraycopy(bytes, bytes.length - copied, address, byteLength - copied, copied);
        return IpAddresses.format(address);
    }

    @Override
    public String toString() {
        return text;
    }
}
