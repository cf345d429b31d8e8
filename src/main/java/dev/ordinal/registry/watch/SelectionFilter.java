package dev.ordinal.registry.watch;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.WatchEvent;
import dev.ordinal.registry.selection.Selection;

/**
 * Turns the store's changes into the events of a watch with selectors, by the rules of upstream's
 * cacher ({@code cacheWatcher.convertToWatchEvent}): a change is seen when the object matches now
 * or matched before; an object that starts matching is ADDED, one that stops matching is DELETED
 * (as it was before the change, at the change's resourceVersion), one that matches throughout is
 * MODIFIED.
 */
public final class SelectionFilter {

    private final Selection selection;

    public SelectionFilter(Selection selection) {
        this.selection = selection;
    }

    /** The event the watch sends for {@code change}, or null when the watch does not see it. */
    public Event filter(WatchEvent change) {
        boolean now = selection.matches(change.object());
        boolean before = change.previous() == null ? now : selection.matches(change.previous());
        return switch (change.type()) {
            case ADDED -> now ? event(Event.Type.ADDED, change.object()) : null;
            case DELETED -> now || before ? event(Event.Type.DELETED, change.object()) : null;
            case MODIFIED -> {
                if (now && before) {
                    yield event(Event.Type.MODIFIED, change.object());
                } else if (now) {
                    yield event(Event.Type.ADDED, change.object());
                } else if (before) {
                    Unstructured gone = change.previous().deepCopy();
                    gone.setMeta("resourceVersion", Long.toString(change.resourceVersion()));
                    yield event(Event.Type.DELETED, gone);
                }
                yield null;
            }
        };
    }

    private static Event event(Event.Type type, Unstructured object) {
        return new Event(type, object.json());
    }
}
