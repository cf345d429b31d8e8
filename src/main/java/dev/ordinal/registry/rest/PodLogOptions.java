package dev.ordinal.registry.rest;

import java.time.Instant;

/**
 * The query of a log request, upstream's {@code PodLogOptions}; absent numbers are null.
 *
 * @param sinceSeconds only lines newer than this many seconds
 * @param sinceTime    only lines written at or after this time
 * @param tailLines    only this many lines from the end
 * @param limitBytes   at most this many bytes, cut mid-line if need be
 */
public record PodLogOptions(String container, boolean follow, boolean previous, boolean timestamps,
                            Long sinceSeconds, Instant sinceTime, Long tailLines, Long limitBytes) {
}
