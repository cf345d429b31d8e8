package dev.ordinal.registry.watch;

import tools.jackson.databind.node.ObjectNode;

/**
 * One event of a registry watch as the client receives it, upstream's {@code watch.Event}: an
 * object ADDED, MODIFIED or DELETED as the watch's selection sees it, a BOOKMARK carrying only a
 * resourceVersion, or an ERROR carrying a meta/v1 Status after which the watch ends. The object of
 * a change is the store's shared tree: read it, never change it.
 */
public record Event(Type type, ObjectNode object) {

    public enum Type { ADDED, MODIFIED, DELETED, BOOKMARK, ERROR }
}
