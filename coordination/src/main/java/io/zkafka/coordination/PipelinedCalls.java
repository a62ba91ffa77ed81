package io.zkafka.coordination;

import io.zkafka.coordination.ZooKeeperAccess.TransactionOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.curator.framework.api.BackgroundCallback;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ZooKeeper calls issued without waiting for one another (Curator's {@code inBackground}): the
 * client sends each at once and the server answers them in order, so a thousand reads or
 * transactions cost about one round trip, not a thousand. At most {@value #MAX_IN_FLIGHT} calls
 * are outstanding; issuing more blocks the caller until answers come back. Curator retries a call
 * after a connection loss as it does a blocking one; {@link #awaitAll} bounds the wait by twice
 * the connection timeout and translates failures as {@link ZooKeeperAccess#call} does.
 *
 * <p>Small znodes read by the thousand (partition states) go in ZooKeeper's multi-reads instead
 * ({@link #readSmall}): {@value #SMALL_READS_PER_CALL} reads in one request and one answer. Reading
 * 10,300 partition states took about 600 ms and 0.4 + 0.6 s of client and server CPU one by one,
 * 20 to 40 ms and a few tens of ms of CPU as multi-reads (same ensemble, one session). A multi-read
 * goes straight to the session's ZooKeeper handle, so Curator does not retry it after a connection
 * loss; one that fails, or has no answer within {@value #MULTI_READ_DEADLINE_MS} ms, is read again one
 * znode at a time with Curator's retrying reads, so a multi-read is never less sure than those.
 *
 * <p>Thread-safe. Answers complete the futures on Curator's event thread; callers wait on their
 * own thread and must not issue calls from a completion ({@link #multiRead} may be issued from
 * ZooKeeper's event thread: it never blocks; its fallback reads run on their own thread).
 */
class PipelinedCalls {
    static final int MAX_IN_FLIGHT = 1_000;
    /**
     * Reads in one multi-read. Its answer must stay below the client's {@code jute.maxbuffer} (1 MiB by
     * default; a larger packet drops the connection): 200 znodes of up to 4 KiB each (a partition state
     * whose ISR names hundreds of brokers is still under 4 KiB).
     */
    static final int SMALL_READS_PER_CALL = 200;
    /**
     * How long a multi-read may go unanswered before its znodes are read one by one with Curator's
     * retrying reads (a read whose answer never came would otherwise hold back every change behind it).
     * Answers take milliseconds; this is a safety net that logs what ZooKeeper's event threads were
     * doing when it fired. A multi-read that fails (Curator does not retry it after a connection loss)
     * is read one by one at once.
     */
    static final long MULTI_READ_DEADLINE_MS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(PipelinedCalls.class);
    /** Runs the one-by-one reads of multi-reads past their deadline (they may block on the in-flight bound). */
    private static final Executor FALLBACK = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "zkafka-multi-read-fallback");
        thread.setDaemon(true);
        return thread;
    });

    /** A znode's data, its version and the zxid that created it. */
    record Versioned(byte[] data, int version, long czxid) {
        /** From a read's answer: no data is empty data, no stat is version 0 and an unknown creator. */
        static Versioned of(byte[] data, Stat stat) {
            return new Versioned(data == null ? new byte[0] : data, stat == null ? 0 : stat.getVersion(),
                stat == null ? BrokerInfo.UNKNOWN_EPOCH : stat.getCzxid());
        }
    }

    private final ZooKeeperAccess zk;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    PipelinedCalls(ZooKeeperAccess zk) {
        this.zk = zk;
    }

    /** A znode's data and version; empty if it does not exist. */
    CompletableFuture<Optional<Versioned>> read(String path) {
        CompletableFuture<Optional<Versioned>> result = new CompletableFuture<>();
        issue("read " + path, result, callback -> zk.curator().getData().inBackground(callback).forPath(path),
            event -> {
                int rc = event.getResultCode();
                if (rc == KeeperException.Code.OK.intValue()) {
                    result.complete(Optional.of(Versioned.of(event.getData(), event.getStat())));
                } else if (rc == KeeperException.Code.NONODE.intValue()) {
                    result.complete(Optional.empty());
                } else {
                    result.completeExceptionally(KeeperException.create(KeeperException.Code.get(rc), path));
                }
            });
        return result;
    }

    /**
     * The data and version of each of {@code paths} (in order; empty where there is no znode), read in
     * multi-reads of {@value #SMALL_READS_PER_CALL} issued together. Only for znodes known to be small
     * (see {@link #SMALL_READS_PER_CALL}).
     */
    CompletableFuture<List<Optional<Versioned>>> readSmall(List<String> paths) {
        List<CompletableFuture<List<Optional<Versioned>>>> chunks = new ArrayList<>();
        for (int from = 0; from < paths.size(); from += SMALL_READS_PER_CALL) {
            List<String> chunk = paths.subList(from, Math.min(paths.size(), from + SMALL_READS_PER_CALL));
            CompletableFuture<List<Optional<Versioned>>> answer = new CompletableFuture<>();
            zk.call("read " + chunk.size() + " znodes", () -> {
                inFlight.acquire();
                return null;
            });
            multiRead(chunk, (values, error) -> {
                inFlight.release();
                if (error != null) {
                    answer.completeExceptionally(error);
                } else {
                    answer.complete(values);
                }
            });
            chunks.add(answer);
        }
        return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Optional<Versioned>> all = new ArrayList<>(paths.size());
            chunks.forEach(chunk -> all.addAll(chunk.join()));
            return all;
        });
    }

    /** What a multi-read answers: each znode's data (empty where there is none), or why the whole read failed. */
    @FunctionalInterface
    interface MultiReadAnswer {
        void accept(List<Optional<Versioned>> values, KeeperException error);
    }

    /**
     * One multi-read of at most {@value #SMALL_READS_PER_CALL} small znodes, never blocking: the answer
     * comes on ZooKeeper's event thread (or at once, failed, when there is no ZooKeeper handle).
     */
    void multiRead(List<String> paths, MultiReadAnswer answer) {
        if (paths.size() > SMALL_READS_PER_CALL) {
            throw new IllegalArgumentException(paths.size() + " reads in one multi-read; at most "
                + SMALL_READS_PER_CALL);
        }
        AtomicBoolean answered = new AtomicBoolean();
        MultiReadAnswer once = (values, error) -> {
            if (answered.compareAndSet(false, true)) {
                answer.accept(values, error);
            }
        };
        AtomicBoolean fellBack = new AtomicBoolean();
        Runnable readOneByOne = () -> {
            if (fellBack.compareAndSet(false, true)) {
                FALLBACK.execute(() -> readOneByOne(paths, once)); // never on ZooKeeper's event thread: it may block
            }
        };
        long sentNanos = System.nanoTime();
        sendMultiRead(paths, (values, error) -> {
            if (error == null) {
                once.accept(values, null);
            } else {
                LOG.debug("A multi-read of {} znode(s) failed ({}): reading them one by one", paths.size(), error.code());
                readOneByOne.run();
            }
        });
        if (answered.get() || fellBack.get()) {
            return;
        }
        CompletableFuture.delayedExecutor(MULTI_READ_DEADLINE_MS, TimeUnit.MILLISECONDS, FALLBACK).execute(() -> {
            if (answered.get() || fellBack.get()) {
                return;
            }
            LOG.warn("A multi-read of {} znode(s) ({} first) has had no answer for {} ms: reading them one by one. "
                + "ZooKeeper's event threads now: {}", paths.size(), paths.get(0),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentNanos), eventThreadStacks());
            readOneByOne.run();
        });
    }

    /** The znodes of a multi-read that had no answer, read with Curator's retrying background reads instead. */
    private void readOneByOne(List<String> paths, MultiReadAnswer answer) {
        List<CompletableFuture<Optional<Versioned>>> reads = new ArrayList<>(paths.size());
        try {
            for (String path : paths) {
                reads.add(read(path));
            }
        } catch (RuntimeException e) {
            answer.accept(null, KeeperException.create(KeeperException.Code.CONNECTIONLOSS, "read one by one: " + e));
            return;
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).whenComplete((done, error) -> {
            if (error == null) {
                answer.accept(reads.stream().map(CompletableFuture::join).toList(), null);
                return;
            }
            Throwable cause = error instanceof CompletionException wrapped && wrapped.getCause() != null
                ? wrapped.getCause() : error;
            answer.accept(null, cause instanceof KeeperException keeper ? keeper
                : KeeperException.create(KeeperException.Code.CONNECTIONLOSS, "read one by one: " + cause));
        });
    }

    /** What ZooKeeper's event threads are doing (a multi-read's answer waits for one of them). */
    private static String eventThreadStacks() {
        StringBuilder out = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().endsWith("-EventThread")) {
                out.append(System.lineSeparator()).append('"').append(thread.getName()).append("\" ")
                    .append(thread.getState());
                for (StackTraceElement frame : stack) {
                    out.append(System.lineSeparator()).append("    at ").append(frame);
                }
            }
        });
        return out.length() == 0 ? "none" : out.toString();
    }

    /** One multi-read sent as is (see {@link #multiRead}; tests override it to lose or delay an answer). */
    void sendMultiRead(List<String> paths, MultiReadAnswer answer) {
        String namespace = zk.curator().getNamespace();
        List<Op> ops = new ArrayList<>(paths.size());
        for (String path : paths) {
            ops.add(Op.getData(ZKPaths.fixForNamespace(namespace, path)));
        }
        try {
            zk.curator().getZookeeperClient().getZooKeeper().multi(ops, (rc, path, ctx, results) -> {
                // a multi-read answers each read on its own (the client reports the first failed one as rc)
                if (results == null || results.size() != paths.size()) {
                    answer.accept(null, KeeperException.create(rc == KeeperException.Code.OK.intValue()
                        ? KeeperException.Code.SYSTEMERROR : KeeperException.Code.get(rc), "multi-read"));
                    return;
                }
                List<Optional<Versioned>> values = new ArrayList<>(results.size());
                for (int i = 0; i < results.size(); i++) {
                    OpResult result = results.get(i);
                    if (result instanceof OpResult.GetDataResult found) {
                        values.add(Optional.of(Versioned.of(found.getData(), found.getStat())));
                    } else if (result instanceof OpResult.ErrorResult failed
                            && failed.getErr() == KeeperException.Code.NONODE.intValue()) {
                        values.add(Optional.empty());
                    } else {
                        int code = result instanceof OpResult.ErrorResult failed ? failed.getErr()
                            : KeeperException.Code.SYSTEMERROR.intValue();
                        answer.accept(null, KeeperException.create(KeeperException.Code.get(code), paths.get(i)));
                        return;
                    }
                }
                answer.accept(values, null);
            }, null);
        } catch (Exception e) {
            answer.accept(null, e instanceof KeeperException keeper ? keeper
                : KeeperException.create(KeeperException.Code.CONNECTIONLOSS, "multi-read: " + e.getMessage()));
        }
    }

    /** A znode's children; empty if it does not exist. */
    CompletableFuture<List<String>> children(String path) {
        CompletableFuture<List<String>> result = new CompletableFuture<>();
        issue("list " + path, result, callback -> zk.curator().getChildren().inBackground(callback).forPath(path),
            event -> {
                int rc = event.getResultCode();
                if (rc == KeeperException.Code.OK.intValue()) {
                    result.complete(event.getChildren() == null ? List.of() : event.getChildren());
                } else if (rc == KeeperException.Code.NONODE.intValue()) {
                    result.complete(List.of());
                } else {
                    result.completeExceptionally(KeeperException.create(KeeperException.Code.get(rc), path));
                }
            });
        return result;
    }

    /** A multi-op transaction; a failed operation is reported in the outcome, as by {@link ZooKeeperAccess#transaction}. */
    CompletableFuture<TransactionOutcome> transaction(String what, List<CuratorOp> ops) {
        CompletableFuture<TransactionOutcome> result = new CompletableFuture<>();
        issue(what, result, callback -> zk.curator().transaction().inBackground(callback).forOperations(ops),
            event -> {
                int rc = event.getResultCode();
                List<CuratorTransactionResult> results = event.getOpResults();
                if (rc == KeeperException.Code.OK.intValue()) {
                    result.complete(new TransactionOutcome(results == null ? List.of() : results, -1, null));
                    return;
                }
                if (results != null) {
                    for (int i = 0; i < results.size(); i++) {
                        int error = results.get(i).getError();
                        if (error != 0 && error != KeeperException.Code.RUNTIMEINCONSISTENCY.intValue()) {
                            result.complete(new TransactionOutcome(List.of(), i, KeeperException.Code.get(error)));
                            return;
                        }
                    }
                }
                result.completeExceptionally(KeeperException.create(KeeperException.Code.get(rc)));
            });
        return result;
    }

    /**
     * Waits for every future, in order, and returns their values.
     *
     * @throws CoordinationUnavailableException on connection loss, session expiry or when the
     *     answers do not all come within twice the connection timeout
     */
    <T> List<T> awaitAll(String what, List<CompletableFuture<T>> futures) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2L * zk.config().connectionTimeoutMs());
        List<T> values = new ArrayList<>(futures.size());
        for (CompletableFuture<T> future : futures) {
            try {
                values.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CoordinationUnavailableException("interrupted while waiting to " + what, e);
            } catch (TimeoutException e) {
                throw new CoordinationUnavailableException("cannot " + what + ": no answer from ZooKeeper within "
                    + 2L * zk.config().connectionTimeoutMs() + " ms", e);
            } catch (ExecutionException e) {
                throw translate(what, e.getCause());
            }
        }
        return values;
    }

    private static CoordinationException translate(String what, Throwable cause) {
        if (cause instanceof CoordinationException coordination) {
            return coordination;
        }
        if (cause instanceof KeeperException keeper) {
            return switch (keeper.code()) {
                case CONNECTIONLOSS, SESSIONEXPIRED, OPERATIONTIMEOUT, SESSIONMOVED ->
                    new CoordinationUnavailableException("cannot " + what + ": " + keeper.code(), keeper);
                default -> new CoordinationException("cannot " + what + ": " + keeper, keeper);
            };
        }
        return new CoordinationException("cannot " + what + ": " + cause, cause);
    }

    @FunctionalInterface
    private interface BackgroundIssue {
        void issue(BackgroundCallback callback) throws Exception;
    }

    @FunctionalInterface
    private interface Answer {
        void accept(CuratorEvent event);
    }

    private void issue(String what, CompletableFuture<?> result, BackgroundIssue call, Answer answer) {
        zk.call(what, () -> {
            inFlight.acquire();
            return null;
        });
        BackgroundCallback callback = (client, event) -> {
            inFlight.release();
            try {
                answer.accept(event);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
        try {
            call.issue(callback);
        } catch (Exception e) {
            inFlight.release();
            result.completeExceptionally(e);
        }
    }
}
