package io.zkafka.broker.purgatory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Holds delayed operations by the keys (partitions) whose changes may complete them. A change
 * calls {@link #checkAndComplete(Object)}; the timer completes what is left when its time is up.
 * Completed operations are dropped from every key lazily, on the next check of that key.
 *
 * <p>Thread-safe: each key's watcher list is guarded by its own monitor.
 */
public final class Purgatory<K> {
    private final Map<K, List<DelayedOperation>> watchers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    public Purgatory(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * Completes {@code operation} now if it can; otherwise watches it under {@code keys} until a
     * change completes it or its delay passes (then it is force-completed).
     */
    public void tryCompleteElseWatch(DelayedOperation operation, Collection<K> keys) {
        if (operation.tryComplete()) {
            return;
        }
        for (K key : keys) {
            List<DelayedOperation> list = watchers.computeIfAbsent(key, k -> new ArrayList<>());
            synchronized (list) {
                list.add(operation);
            }
        }
        // A change between the first check and watching would otherwise be missed.
        if (operation.tryComplete()) {
            return;
        }
        operation.timeout(timer.schedule(operation::forceComplete, operation.delayMs(), TimeUnit.MILLISECONDS));
    }

    /** Re-checks the operations watching {@code key}; returns how many completed. */
    public int checkAndComplete(K key) {
        List<DelayedOperation> list = watchers.get(key);
        if (list == null) {
            return 0;
        }
        List<DelayedOperation> candidates;
        synchronized (list) {
            candidates = new ArrayList<>(list);
        }
        int completed = 0;
        for (DelayedOperation operation : candidates) {
            if (!operation.isCompleted() && operation.tryComplete()) {
                completed++;
            }
        }
        // Lists stay in the map once created (one per partition): removing an empty one could
        // race with a watcher adding to it.
        synchronized (list) {
            list.removeIf(DelayedOperation::isCompleted);
        }
        return completed;
    }

    /** Completes every operation watching {@code key} now (the partition moved or was deleted). */
    public void completeAll(K key) {
        List<DelayedOperation> list = watchers.remove(key);
        if (list == null) {
            return;
        }
        List<DelayedOperation> operations;
        synchronized (list) {
            operations = new ArrayList<>(list);
        }
        operations.forEach(DelayedOperation::forceComplete);
    }

    /** Operations still watched (completed ones not yet purged included). */
    public int watched() {
        int count = 0;
        for (List<DelayedOperation> list : watchers.values()) {
            synchronized (list) {
                count += list.size();
            }
        }
        return count;
    }
}
