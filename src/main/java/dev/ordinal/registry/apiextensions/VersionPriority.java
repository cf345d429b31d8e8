package dev.ordinal.registry.apiextensions;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upstream's {@code version.CompareKubeAwareVersionStrings}, highest first: GA before beta before
 * alpha, a higher major version first, then a higher minor one; names that are not of the form
 * {@code v1}, {@code v2beta1} last, alphabetically. Discovery lists a CRD's versions in this order
 * and prefers the first.
 */
final class VersionPriority {

    private static final Pattern KUBE_VERSION = Pattern.compile("^v(\\d+)(?:(alpha|beta)(\\d+))?$");

    static final Comparator<String> HIGHEST_FIRST = VersionPriority::compare;

    private VersionPriority() {
    }

    private static int compare(String a, String b) {
        Matcher left = KUBE_VERSION.matcher(a);
        Matcher right = KUBE_VERSION.matcher(b);
        boolean kubeLeft = left.matches();
        boolean kubeRight = right.matches();
        if (!kubeLeft || !kubeRight) {
            return kubeLeft ? -1 : kubeRight ? 1 : a.compareTo(b);
        }
        int stability = Integer.compare(stability(right.group(2)), stability(left.group(2)));
        if (stability != 0) {
            return stability;
        }
        int major = Long.compare(Long.parseLong(right.group(1)), Long.parseLong(left.group(1)));
        if (major != 0) {
            return major;
        }
        return left.group(3) == null ? 0 : Long.compare(Long.parseLong(right.group(3)), Long.parseLong(left.group(3)));
    }

    private static int stability(String level) {
        if (level == null) {
            return 2;
        }
        return level.equals("beta") ? 1 : 0;
    }
}
