package dev.ordinal.registry;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.ordinal.storage.ObjectStore;

/**
 * Puts the cluster back into the state a fresh start leaves it in, without a restart: the store is
 * emptied and the {@link BootObjects} made again, as one write of the store. Every open watch
 * ends with 410 Expired, so clients — and the controllers' own informers — list again and find
 * the boot state; resourceVersions go on increasing, so nothing a client holds is mistaken for
 * newer than it is.
 */
@Component
public class ClusterReset {

    private static final Logger log = LoggerFactory.getLogger(ClusterReset.class);

    private final ObjectStore store;
    private final List<BootObjects> boot;

    /** {@code boot} in the order its makers run at start: namespaces before what lives in them. */
    ClusterReset(ObjectStore store, List<BootObjects> boot) {
        this.store = store;
        this.boot = boot;
    }

    /** What a reset did: the resourceVersion it took, how many objects it removed, in how long. */
    public record Result(long resourceVersion, long removed, long nanos) {
    }

    public Result reset() {
        long before = System.nanoTime();
        ObjectStore.Reset reset = store.reset(() -> boot.forEach(BootObjects::create));
        Result result = new Result(reset.resourceVersion(), reset.removed(), System.nanoTime() - before);
        log.info("Reset the cluster at resourceVersion {}: {} objects removed in {} µs", reset.resourceVersion(),
                reset.removed(), result.nanos() / 1000);
        return result;
    }
}
