package dev.ordinal.controller.runtime;

import java.util.List;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.WatchEvent;

/**
 * What an informer's dispatcher thread works through, in order: what its reflector saw (client-go's
 * DeltaFIFO) and what its handlers asked for (client-go's processor notifications). The
 * reflector's deltas carry the number of the watch that produced them, so that whatever a replaced
 * watch still sends is told apart and dropped.
 */
sealed interface Delta {

    /** A list, to replace the cache with (client-go's Replace). */
    record Listed(int watch, List<Unstructured> items, long resourceVersion) implements Delta {
    }

    /** One change seen by a watch. */
    record Changed(int watch, WatchEvent event) implements Delta {
    }

    /** The watch ended: list and watch again. */
    record WatchEnded(int watch) implements Delta {
    }

    /** A handler added to a running informer, to be told of the cached objects first. */
    record HandlerAdded(ResourceEventHandlerRegistration registration) implements Delta {
    }

    /** A handler's resync. */
    record Resync(ResourceEventHandlerRegistration registration) implements Delta {
    }

    /** Wakes the dispatcher to find its informer stopped: handlers are never interrupted. */
    record Stopped() implements Delta {
    }
}
