package dev.ordinal.controller.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.ordinal.machinery.Unstructured;

import static org.assertj.core.api.Assertions.assertThat;

/** Writes down every callback as a line, for a test to wait for and compare. */
final class RecordingHandler implements ResourceEventHandler {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
    private final BlockingQueue<Object> deleted = new LinkedBlockingQueue<>();

    @Override
    public void onAdd(Unstructured obj, boolean isInInitialList) {
        calls.add("add " + describe(obj) + (isInInitialList ? " initial" : ""));
    }

    @Override
    public void onUpdate(Unstructured oldObj, Unstructured newObj) {
        calls.add("update " + describe(oldObj) + (oldObj == newObj ? " same" : " -> " + describe(newObj)));
    }

    @Override
    public void onDelete(Object obj) {
        deleted.add(obj);
        Unstructured last = DeletedFinalStateUnknown.lastKnown(obj);
        calls.add("delete " + describe(last) + (obj instanceof DeletedFinalStateUnknown ? " tombstone" : ""));
    }

    /** The next {@code count} callbacks, in order; fails when they do not come. */
    List<String> next(int count) throws InterruptedException {
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String call = calls.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(call).as("callback %d of %d, after %s", i + 1, count, taken).isNotNull();
            taken.add(call);
        }
        return taken;
    }

    Object nextDeleted() throws InterruptedException {
        return deleted.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean quiet() throws InterruptedException {
        return calls.poll(100, TimeUnit.MILLISECONDS) == null;
    }

    private static String describe(Unstructured object) {
        return object.name() + "@" + object.resourceVersion();
    }
}
