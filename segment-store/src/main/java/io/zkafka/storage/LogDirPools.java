package io.zkafka.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One task per item on a fixed pool per log dir ({@code num.recovery.threads.per.data.dir} threads
 * each), all dirs at once: how logs are opened at start-up and closed at shutdown. Threads are never
 * interrupted (an interrupt inside a log call would close its file channel for every thread), nor
 * are their futures cancelled (a cancelled running task's result, an open log, would be lost):
 * {@link #close} lets running tasks finish and has the ones not started yet return null at once.
 * Used by one thread.
 *
 * @param <T> what a task works on
 * @param <R> what it returns
 */
final class LogDirPools<T, R> implements AutoCloseable {
    /** The work on one item. */
    @FunctionalInterface
    interface Task<T, R> {
        R run(T item) throws IOException;
    }

    private final List<ExecutorService> pools = new ArrayList<>();
    private final List<Future<R>> futures = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Threads made so far, to number their names. */
    private final AtomicInteger threads = new AtomicInteger();

    private LogDirPools() {
    }

    /** Submits {@code task} for every item, on the pool of the item's dir. */
    static <T, R> LogDirPools<T, R> start(Map<Path, List<T>> itemsByDir, int threadsPerDir, String threadName,
                                          Task<T, R> task) {
        LogDirPools<T, R> started = new LogDirPools<>();
        itemsByDir.forEach((dir, items) -> {
            if (items.isEmpty()) {
                return;
            }
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threadsPerDir, items.size())),
                runnable -> {
                    Thread thread = new Thread(runnable, threadName + "-" + dir.getFileName() + "-" + started.threads.getAndIncrement());
                    thread.setDaemon(true);
                    return thread;
                });
            started.pools.add(pool);
            for (T item : items) {
                started.futures.add(pool.submit(() -> started.closed.get() ? null : task.run(item)));
            }
        });
        return started;
    }

    /** Runs {@code task} for every item and waits for all; throws the first failure. */
    static <T> void runAll(Map<Path, List<T>> itemsByDir, int threadsPerDir, String threadName, Task<T, Void> task)
        throws IOException {
        try (LogDirPools<T, Void> pools = start(itemsByDir, threadsPerDir, threadName, task)) {
            for (Future<Void> future : pools.futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for " + threadName, e);
        }
    }

    /** The tasks' futures, in the order the items were given (dir by dir); a task skipped by {@link #close} gives null. */
    List<Future<R>> futures() {
        return futures;
    }

    /** The failure of the first task that failed so far, if any. */
    Optional<Throwable> failure() {
        for (Future<R> future : futures) {
            if (future.isDone()) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    return Optional.of(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** Skips the tasks not started yet and waits for the running ones. */
    @Override
    public void close() {
        closed.set(true);
        for (ExecutorService pool : pools) {
            pool.shutdown();
        }
        try {
            for (ExecutorService pool : pools) {
                pool.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
