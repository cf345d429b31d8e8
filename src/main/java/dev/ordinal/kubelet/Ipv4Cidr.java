package dev.ordinal.kubelet;

import java.math.BigInteger;

import dev.ordinal.machinery.IpAddresses;

/** An IPv4 network in CIDR notation ({@code 10.244.0.0/16}), for handing out node and pod addresses. */
record Ipv4Cidr(long base, int prefix) {

    /** Reads a network as upstream reads a podCIDR ({@code ParseCIDRSloppy}); host bits are masked off. */
    static Ipv4Cidr parse(String cidr) {
        IpAddresses.Cidr parsed = IpAddresses.parseCidrSloppy(cidr).filter(network -> network.address().length == 4)
                .orElseThrow(() -> new IllegalArgumentException("invalid CIDR address: " + cidr));
        long address = new BigInteger(1, parsed.address()).longValue();
        int prefix = parsed.prefix();
        long mask = prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
        return new Ipv4Cidr(address & mask, prefix);
    }

    long size() {
        return 1L << (32 - prefix);
    }

    /** The address {@code offset} places into the network. */
    String address(long offset) {
        if (offset < 0 || offset >= size()) {
            throw new IllegalArgumentException("offset " + offset + " is outside " + this);
        }
        long value = base + offset;
        return (value >> 24 & 0xFF) + "." + (value >> 16 & 0xFF) + "." + (value >> 8 & 0xFF) + "." + (value & 0xFF);
    }

    /** The {@code index}-th network of prefix {@code subnetPrefix} inside this one. */
    Ipv4Cidr subnet(int index, int subnetPrefix) {
        if (subnetPrefix < prefix) {
            throw new IllegalArgumentException(this + " is smaller than a /" + subnetPrefix);
        }
        long count = 1L << (subnetPrefix - prefix);
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException(this + " has no room for " + (index + 1) + " /" + subnetPrefix
                    + " networks");
        }
        return new Ipv4Cidr(base + index * (1L << (32 - subnetPrefix)), subnetPrefix);
    }

    @Override
    public String toString() {
        return address(0) + "/" + prefix;
    }
}
