package dev.ordinal.registry;

import java.math.BigInteger;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.go.GoText;

/**
 * The one reading of a resourceVersion a client sends, as upstream's
 * {@code APIObjectVersioner.ParseResourceVersion}: "" and "0" mean "any" (0), anything else must be
 * a decimal unsigned 64-bit number; the 400 carries the message of upstream's stores.
 */
public final class ResourceVersions {

    private ResourceVersions() {
    }

    public static long parse(String resourceVersion) {
        if (resourceVersion == null || resourceVersion.isEmpty() || resourceVersion.equals("0")) {
            return 0;
        }
        // Go's strconv.ParseUint in base 10: digits only (no sign), at most 2^64 - 1.
        if (!resourceVersion.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(resourceVersion, "invalid syntax");
        }
        BigInteger value = new BigInteger(resourceVersion);
        if (value.bitLength() > 64) {
            throw invalid(resourceVersion, "value out of range");
        }
        // Beyond a long is beyond any revision this store reaches: it stays "too large".
        return value.bitLength() > 63 ? Long.MAX_VALUE : value.longValue();
    }

    private static StatusError invalid(String resourceVersion, String reason) {
        String quoted = GoText.quote(resourceVersion);
        return StatusError.badRequest("invalid resource version: resourceVersion: Invalid value: " + quoted
                + ": strconv.ParseUint: parsing " + quoted + ": " + reason);
    }
}
