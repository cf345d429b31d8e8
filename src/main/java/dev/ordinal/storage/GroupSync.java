package dev.ordinal.storage;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Makes committed writes durable in groups, as a group commit does: a writer waiting for its commit
 * to reach the disk either finds a sync under way and waits for it, or starts one that covers every
 * commit written so far. One fsync then serves all the writers that committed while the previous
 * one ran, and each is released only once a sync that started after its own commit has finished.
 */
final class GroupSync {

    private final Runnable sync;
    private final LongSupplier written;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    private long durable;
    private boolean syncing;

    /**
     * @param sync    forces every commit written so far to disk
     * @param written the resourceVersion of the latest commit written, which a sync started now covers
     */
    GroupSync(Runnable sync, LongSupplier written) {
        this.sync = sync;
        this.written = written;
    }

    /** Returns once the commit of {@code resourceVersion} and every earlier one are on disk. */
    void awaitDurable(long resourceVersion) {
        lock.lock();
        try {
            while (durable < resourceVersion) {
                if (syncing) {
                    finished.awaitUninterruptibly();
                    continue;
                }
                syncing = true;
                long covered = written.getAsLong();
                lock.unlock();
                boolean synced = false;
                try {
                    sync.run();
                    synced = true;
                } finally {
                    lock.lock();
                    syncing = false;
                    if (synced) {
                        durable = Math.max(durable, covered);
                    }
                    finished.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
