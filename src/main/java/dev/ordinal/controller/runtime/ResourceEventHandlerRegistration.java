package dev.ordinal.controller.runtime;

/**
 * A handler as added to a {@link SharedIndexInformer}, as client-go's
 * ResourceEventHandlerRegistration: it knows whether its handler has been told of the whole
 * initial list (or, for a handler added late, of every cached object), and resyncs its handler
 * alone, as client-go's resync goes to the listeners whose period is due, not to every one.
 */
public final class ResourceEventHandlerRegistration implements InformerSynced {

    private final SharedIndexInformer informer;
    private final ResourceEventHandler handler;
    private volatile boolean synced;

    ResourceEventHandlerRegistration(SharedIndexInformer informer, ResourceEventHandler handler) {
        this.informer = informer;
        this.handler = handler;
    }

    SharedIndexInformer informer() {
        return informer;
    }

    ResourceEventHandler handler() {
        return handler;
    }

    void markSynced() {
        synced = true;
    }

    @Override
    public boolean hasSynced() {
        return synced;
    }

    /**
     * Hands every cached object to this handler again as {@code onUpdate(obj, obj)}, on the
     * informer's dispatcher thread, in order with the changes: the periodic resync.
     */
    public void resync() {
        informer.resync(this);
    }
}
