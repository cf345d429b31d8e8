package dev.ordinal.machinery;


/**
 * One change of one object. {@code previous} is the object before the change (null for ADDED and
 * for events replayed from the persisted log), so that a filtered watch can turn a change that
 * moves an object out of its selector into DELETED, as upstream's cacher does.
 */
public record WatchEvent(Type type, GroupResource resource, Unstructured object, Unstructured previous,
                         long resourceVersion) {

    public enum Type { ADDED, MODIFIED, DELETED }

    public String namespace() {
        return object.namespace();
    }
}
