package dev.ordinal.controller.runtime;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.ordinal.machinery.Unstructured;

import static dev.ordinal.controller.runtime.FakeListerWatcher.PODS;
import static dev.ordinal.controller.runtime.FakeListerWatcher.pod;
import static org.assertj.core.api.Assertions.assertThat;

class SharedIndexInformerTest {

    private final FakeListerWatcher source = new FakeListerWatcher();
    private final SharedIndexInformer informer = new SharedIndexInformer(PODS, source);

    @AfterEach
    void stop() {
        informer.stop();
    }

    private void awaitSynced(InformerSynced synced) throws InterruptedException {
        assertThat(InformerSynced.waitForCacheSync(() -> false, List.of(synced))).isTrue();
    }

    @Test
    void handlersAreToldOfTheInitialListThenOfEachAddUpdateAndDelete() throws InterruptedException {
        source.write(pod("web-0", "u0"));
        RecordingHandler first = new RecordingHandler();
        RecordingHandler second = new RecordingHandler();
        informer.addEventHandler(first);
        informer.addEventHandler(second);
        informer.start();
        awaitSynced(informer);

        source.write(pod("web-1", "u1"));
        source.write(pod("web-1", "u1"));
        Unstructured deleted = source.delete("web-0");

        List<String> expected = List.of("add web-0@1 initial", "add web-1@2", "update web-1@2 -> web-1@3",
                "delete web-0@4");
        assertThat(first.next(4)).isEqualTo(expected);
        assertThat(second.next(4)).isEqualTo(expected);
        assertThat(first.quiet()).isTrue();
        // The final state the watch carried, not a tombstone.
        assertThat(first.nextDeleted()).isInstanceOf(Unstructured.class).isEqualTo(deleted);
        assertThat(informer.get("ns", "web-0")).isEmpty();
        assertThat(informer.list()).extracting(Unstructured::name).containsExactly("web-1");
        assertThat(informer.lastSyncResourceVersion()).isEqualTo(4);
    }

    @Test
    void reportsWhetherEveryChangeUpToAResourceVersionReachedTheHandlers() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        informer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(Unstructured object, boolean isInInitialList) {
                if (object.name().equals("slow")) {
                    await(release);
                }
            }
        });
        assertThat(informer.hasDispatchedThrough(0)).as("before the first list").isFalse();
        informer.start();
        awaitSynced(informer);
        assertThat(informer.hasDispatchedThrough(100)).as("nothing queued").isTrue();

        source.write(pod("slow", "u1"));
        source.write(pod("web-1", "u2"));

        assertThat(informer.hasDispatchedThrough(1)).isFalse();
        assertThat(informer.hasDispatchedThrough(2)).isFalse();
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!informer.hasDispatchedThrough(2) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(informer.hasDispatchedThrough(2)).isTrue();
        assertThat(informer.hasDispatchedThrough(1)).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aRelistAfterADroppedWatchDeliversTombstonesForObjectsDeletedMeanwhile() throws InterruptedException {
        source.write(pod("web-0", "u0"));
        source.write(pod("web-1", "u1"));
        RecordingHandler handler = new RecordingHandler();
        informer.addEventHandler(handler);
        informer.start();
        assertThat(handler.next(2)).containsExactly("add web-0@1 initial", "add web-1@2 initial");

        source.loseEvents();
        source.delete("web-0");
        source.write(pod("web-1", "u1"));
        source.write(pod("web-2", "u2"));
        informer.dropWatch();

        // As client-go's Replace: the listed objects first, then the tombstones of the missing ones.
        assertThat(handler.next(3)).containsExactly("update web-1@2 -> web-1@4", "add web-2@5",
                "delete web-0@1 tombstone");
        assertThat(handler.nextDeleted()).isEqualTo(new DeletedFinalStateUnknown("ns/web-0", pod0AtFirst()));
        assertThat(informer.get("ns", "web-0")).isEmpty();
        assertThat(informer.lastSyncResourceVersion()).isEqualTo(5);

        source.write(pod("web-3", "u3"));
        assertThat(handler.next(1)).containsExactly("add web-3@6");
    }

    private static Unstructured pod0AtFirst() {
        Unstructured pod = pod("web-0", "u0");
        pod.setMeta("resourceVersion", "1");
        return pod;
    }

    @Test
    void aWatchClosedByTheSourceIsFollowedByARelist() throws InterruptedException {
        source.write(pod("web-0", "u0"));
        RecordingHandler handler = new RecordingHandler();
        informer.addEventHandler(handler);
        informer.start();
        assertThat(handler.next(1)).containsExactly("add web-0@1 initial");

        source.loseEvents();
        source.delete("web-0");
        source.closeWatch();

        assertThat(handler.next(1)).containsExactly("delete web-0@1 tombstone");
        assertThat(source.lists()).isEqualTo(2);
        source.write(pod("web-1", "u1"));
        assertThat(handler.next(1)).containsExactly("add web-1@3");
    }

    @Test
    void hasSyncedOnlyOnceTheHandlersWereToldOfTheWholeInitialList() throws InterruptedException {
        source.write(pod("web-0", "u0"));
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ResourceEventHandlerRegistration registration = informer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(Unstructured obj, boolean isInInitialList) {
                inHandler.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        assertThat(informer.hasSynced()).isFalse();
        informer.start();

        assertThat(inHandler.await(5, TimeUnit.SECONDS)).isTrue();
        // The cache holds the object already, but a handler has yet to hear of it.
        assertThat(informer.hasSynced()).isFalse();
        assertThat(registration.hasSynced()).isFalse();
        release.countDown();
        awaitSynced(informer);
        assertThat(registration.hasSynced()).isTrue();
    }

    @Test
    void aHandlerAddedToARunningInformerIsFirstToldOfTheCachedObjects() throws InterruptedException {
        source.write(pod("web-0", "u0"));
        source.write(pod("web-1", "u1"));
        informer.start();
        awaitSynced(informer);

        RecordingHandler late = new RecordingHandler();
        ResourceEventHandlerRegistration registration = informer.addEventHandler(late);
        source.write(pod("web-2", "u2"));

        List<String> calls = late.next(3);
        assertThat(calls.subList(0, 2)).containsExactlyInAnyOrder("add web-0@1 initial", "add web-1@2 initial");
        assertThat(calls.get(2)).isEqualTo("add web-2@3");
        assertThat(registration.hasSynced()).isTrue();
    }

    @Test
    void aResyncHandsEveryCachedObjectToItsOwnHandlerOnlyAsAnUpdateToItself() throws InterruptedException {
        source.write(pod("web-0", "u0"));
        RecordingHandler resyncing = new RecordingHandler();
        RecordingHandler other = new RecordingHandler();
        ResourceEventHandlerRegistration registration = informer.addEventHandler(resyncing);
        informer.addEventHandler(other);
        informer.start();
        assertThat(resyncing.next(1)).containsExactly("add web-0@1 initial");
        assertThat(other.next(1)).containsExactly("add web-0@1 initial");

        registration.resync();

        assertThat(resyncing.next(1)).containsExactly("update web-0@1 same");
        assertThat(other.quiet()).isTrue();
    }

    @Test
    void aFailingHandlerKeepsNeitherTheOthersNorLaterChangesFromTheirHandlers() throws InterruptedException {
        informer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(Unstructured obj, boolean isInInitialList) {
                throw new IllegalStateException("handler bug");
            }
        });
        RecordingHandler handler = new RecordingHandler();
        informer.addEventHandler(handler);
        informer.start();
        awaitSynced(informer);

        source.write(pod("web-0", "u0"));
        source.write(pod("web-1", "u1"));

        assertThat(handler.next(2)).containsExactly("add web-0@1", "add web-1@2");
    }

    @Test
    void indexesAreAddedOncePerNameAndAnsweredByValue() throws InterruptedException {
        informer.addIndex("uid", object -> List.of(object.uid()));
        informer.addIndex("uid", object -> List.of("never used"));
        source.write(pod("web-0", "u0"));
        informer.start();
        awaitSynced(informer);

        assertThat(informer.byIndex("uid", "u0")).extracting(Unstructured::name).containsExactly("web-0");
        assertThat(informer.list("ns")).extracting(Unstructured::name).containsExactly("web-0");
        assertThat(informer.list("other")).isEmpty();
    }

    @Test
    void aChangeThatFailsIsCountedAndPassedOverAndTheInformerGoesOn() throws InterruptedException {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Metrics.addRegistry(meters);
        try {
            informer.addIndex("node", object -> {
                if (object.name().equals("bad")) {
                    throw new IllegalArgumentException("not a pod this index can read");
                }
                return List.of();
            });
            informer.addEventHandler(new ResourceEventHandler() {
                @Override
                public void onAdd(Unstructured obj, boolean isInInitialList) {
                    if (obj.name().equals("deep")) {
                        throw new StackOverflowError();
                    }
                }
            });
            RecordingHandler handler = new RecordingHandler();
            informer.addEventHandler(handler);
            informer.start();
            awaitSynced(informer);

            source.write(pod("bad", "u0"));
            source.write(pod("deep", "u1"));
            source.write(pod("good", "u2"));

            assertThat(handler.next(2)).containsExactly("add deep@2", "add good@3");
            assertThat(meters.counter(SharedIndexInformer.FAILURES, "resource", PODS.toString()).count())
                    .isEqualTo(2);
            assertThat(informer.deadThreads()).isEmpty();
        } finally {
            Metrics.removeRegistry(meters);
        }
    }

    @Test
    void aDispatcherThatDiedIsReportedDead() throws InterruptedException {
        informer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(Unstructured obj, boolean isInInitialList) {
                throw new AssertionError("an error no informer survives");
            }
        });
        informer.start();
        awaitSynced(informer);
        assertThat(informer.deadThreads()).isEmpty();

        source.write(pod("web-0", "u0"));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (informer.deadThreads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(informer.deadThreads()).containsExactly("informer-" + PODS);
    }
}
