package io.zkafka.coordination;

import io.zkafka.coordination.ZooKeeperAccess.TransactionOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.curator.framework.api.BackgroundCallback;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * ZooKeeper calls issued without waiting for one another (Curator's {@code inBackground}): the
 * client sends each at once and the server answers them in order, so a thousand reads or
 * transactions cost about one round trip, not a thousand. At most {@value #MAX_IN_FLIGHT} calls
 * are outstanding; issuing more blocks the caller until answers come back. Curator retries a call
 * after a connection loss as it does a blocking one; {@link #awaitAll} bounds the wait by twice
 * the connection timeout and translates failures as {@link ZooKeeperAccess#call} does.
 *
 * <p>Thread-safe. Answers complete the futures on Curator's event thread; callers wait on their
 * own thread and must not issue calls from a completion.
 */
final class PipelinedCalls {
    static final int MAX_IN_FLIGHT = 1_000;

    /** A znode's data, its version and the zxid that created it. */
    record Versioned(byte[] data, int version, long czxid) {
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
                    byte[] data = event.getData();
                    Stat stat = event.getStat();
                    result.complete(Optional.of(new Versioned(data == null ? new byte[0] : data,
                        stat == null ? 0 : stat.getVersion(), stat == null ? BrokerInfo.UNKNOWN_EPOCH : stat.getCzxid())));
                } else if (rc == KeeperException.Code.NONODE.intValue()) {
                    result.complete(Optional.empty());
                } else {
                    result.completeExceptionally(KeeperException.create(KeeperException.Code.get(rc), path));
                }
            });
        return result;
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
