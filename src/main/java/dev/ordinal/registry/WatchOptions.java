package dev.ordinal.registry;

/**
 * The query of a watch (meta/v1 ListOptions with watch=true): selectors as the client wrote them,
 * the resourceVersion to watch from ("" when absent), whether the client takes bookmarks, and the
 * watch-list options {@code sendInitialEvents} (null when absent) and {@code resourceVersionMatch}.
 */
public record WatchOptions(String labelSelector, String fieldSelector, String resourceVersion,
                           boolean allowWatchBookmarks, String resourceVersionMatch, Boolean sendInitialEvents) {
}
