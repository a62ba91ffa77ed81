package io.zkafka.broker.purgatory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Holds delayed operations by the keys (partitions, topics) whose changes may complete them. A
 * change calls {@link #checkAndComplete(Object)}; the timeout scheduler completes what is left when
 * its time is up. However an operation completes (a check, its timeout, {@link #completeAll}), it
 * leaves every key it watched at once, and a key nobody watches any more leaves the map: nothing
 * completed stays referenced, and idle keys hold no memory.
 *
 * <p>Thread-safe: each key's watcher list is guarded by its own monitor; a list taken out of the
 * map is marked so that a watcher racing with its removal adds to a fresh list instead.
 */
public final class Purgatory<K> {
    private final Map<K, Watchers> watchers = new ConcurrentHashMap<>();
    private final TimeoutScheduler timeouts;

    public Purgatory(TimeoutScheduler timeouts) {
        this.timeouts = timeouts;
    }

    public Purgatory(ScheduledExecutorService timer) {
        this(TimeoutScheduler.of(timer));
    }

    /** The operations watching one key. Guarded by its own monitor. */
    private static final class Watchers {
        final List<DelayedOperation> operations = new ArrayList<>();
        boolean removed;
    }

    /**
     * Completes {@code operation} now if it can; otherwise watches it under {@code keys} until a
     * change completes it or its delay passes (then it is force-completed).
     */
    public void tryCompleteElseWatch(DelayedOperation operation, Collection<K> keys) {
        if (operation.tryComplete()) {
            return;
        }
        List<K> watchedKeys = List.copyOf(keys);
        operation.afterCompletion(() -> unwatch(operation, watchedKeys));
        for (K key : watchedKeys) {
            watch(key, operation);
        }
        // Completed meanwhile through a key already watched: its hook may have run before the
        // later keys were added. Or a change came between the first check and watching.
        if (operation.isCompleted() || operation.tryComplete()) {
            unwatch(operation, watchedKeys);
            return;
        }
        operation.timeout(timeouts.schedule(operation::forceComplete, operation.delayMs()));
    }

    /** Re-checks the operations watching {@code key}; returns how many completed. */
    public int checkAndComplete(K key) {
        Watchers list = watchers.get(key);
        if (list == null) {
            return 0;
        }
        List<DelayedOperation> candidates;
        synchronized (list) {
            candidates = new ArrayList<>(list.operations);
        }
        int completed = 0;
        for (DelayedOperation operation : candidates) {
            if (!operation.isCompleted() && operation.tryComplete(key)) {
                completed++;
            }
        }
        return completed;
    }

    /** Completes every operation watching {@code key} now (the partition moved or was deleted). */
    public void completeAll(K key) {
        Watchers list = watchers.get(key);
        if (list == null) {
            return;
        }
        List<DelayedOperation> operations;
        synchronized (list) {
            operations = new ArrayList<>(list.operations);
        }
        operations.forEach(DelayedOperation::forceComplete);
    }

    /** Operations watched, counted once per key they watch. */
    public int watched() {
        int count = 0;
        for (Watchers list : watchers.values()) {
            synchronized (list) {
                count += list.operations.size();
            }
        }
        return count;
    }

    /** Keys with at least one operation watching them. */
    public int watchedKeys() {
        return watchers.size();
    }

    private void watch(K key, DelayedOperation operation) {
        while (true) {
            Watchers list = watchers.computeIfAbsent(key, k -> new Watchers());
            synchronized (list) {
                if (!list.removed) {
                    list.operations.add(operation);
                    return;
                }
            }
        }
    }

    private void unwatch(DelayedOperation operation, List<K> keys) {
        for (K key : keys) {
            Watchers list = watchers.get(key);
            if (list == null) {
                continue;
            }
            synchronized (list) {
                list.operations.removeIf(o -> o == operation);
                if (list.operations.isEmpty() && !list.removed) {
                    list.removed = true;
                    watchers.remove(key, list);
                }
            }
        }
    }
}
