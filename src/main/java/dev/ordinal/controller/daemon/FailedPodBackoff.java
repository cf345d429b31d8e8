package dev.ordinal.controller.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How soon a failed daemon pod on a node may be deleted again (upstream's failedPodsBackoff,
 * keyed by set and node): a kubelet that rejects a pod would otherwise have it deleted and
 * recreated in a hot loop. The delay starts at 1 second and doubles up to 15 minutes; it is
 * forgotten once twice the maximum has passed without a failure.
 */
final class FailedPodBackoff {

    private static final Duration INITIAL = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofMinutes(15);

    private record Entry(Duration delay, Instant lastUpdate) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** The delay left before a failed pod of {@code key} may be deleted again, or null when it may now. */
    Duration remaining(String key, Instant now) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        Instant until = entry.lastUpdate().plus(entry.delay());
        return now.isBefore(until) ? Duration.between(now, until) : null;
    }

    /** Records a deletion: the next one waits twice as long as the last, at most the maximum. */
    void next(String key, Instant now) {
        entries.compute(key, (k, entry) -> {
            if (entry == null || now.isAfter(entry.lastUpdate().plus(MAX.multipliedBy(2)))) {
                return new Entry(INITIAL, now);
            }
            Duration doubled = entry.delay().multipliedBy(2);
            return new Entry(doubled.compareTo(MAX) > 0 ? MAX : doubled, now);
        });
    }

    static String key(String daemonSetUid, String nodeName) {
        return daemonSetUid + "/" + nodeName;
    }
}
