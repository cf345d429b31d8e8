package dev.ordinal.controller.runtime;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.WatchEvent;
import dev.ordinal.machinery.WatchListener;

/** The objects of one resource in memory, listed and watched atomically as the store does. */
final class FakeListerWatcher implements ListerWatcher {

    static final GroupResource PODS = new GroupResource("", "pods");

    private final Map<String, Unstructured> objects = new TreeMap<>();
    private long revision;
    private WatchListener watcher;
    private boolean suspended;
    private int lists;

    static Unstructured pod(String name, String uid) {
        return new Unstructured((ObjectNode) JsonMapper.shared().readTree("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"ns","uid":"%s"}}
                """.formatted(name, uid)));
    }

    @Override
    public synchronized Runnable listAndWatch(Listed listed, WatchListener listener) {
        lists++;
        listed.accept(List.copyOf(objects.values()), revision);
        watcher = listener;
        suspended = false;
        return () -> {
            synchronized (this) {
                if (watcher == listener) {
                    watcher = null;
                }
            }
        };
    }

    synchronized Unstructured write(Unstructured object) {
        Unstructured stored = object.deepCopy();
        stored.setMeta("resourceVersion", Long.toString(++revision));
        Unstructured previous = objects.put(stored.name(), stored);
        tell(new WatchEvent(previous == null ? WatchEvent.Type.ADDED : WatchEvent.Type.MODIFIED, PODS, stored,
                previous, revision));
        return stored;
    }

    synchronized Unstructured delete(String name) {
        Unstructured previous = objects.remove(name);
        Unstructured deleted = previous.deepCopy();
        deleted.setMeta("resourceVersion", Long.toString(++revision));
        tell(new WatchEvent(WatchEvent.Type.DELETED, PODS, deleted, previous, revision));
        return deleted;
    }

    /** From now on the watch misses every change, as a broken connection would. */
    synchronized void loseEvents() {
        suspended = true;
    }

    /** Closes the watch from the source's side, as a server reset closes every watch. */
    synchronized void closeWatch() {
        WatchListener closed = watcher;
        watcher = null;
        closed.onClose();
    }

    synchronized int lists() {
        return lists;
    }

    private void tell(WatchEvent event) {
        if (watcher != null && !suspended) {
            watcher.onEvent(event);
        }
    }
}
