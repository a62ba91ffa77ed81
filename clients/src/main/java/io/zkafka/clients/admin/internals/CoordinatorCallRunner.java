package io.zkafka.clients.admin.internals;

import io.zkafka.clients.internals.Cluster;
import io.zkafka.clients.internals.ClientUtils;
import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.common.Node;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.errors.RetriableException;
import io.zkafka.common.errors.TimeoutException;
import io.zkafka.common.message.FindCoordinatorRequest;
import io.zkafka.common.message.FindCoordinatorResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends an admin request to the coordinator of a consumer group or of a transactional id: finds it
 * with FindCoordinator (asked of any broker through {@link AdminCallRunner}), sends the request
 * there, and starts over after a back-off while the answer says NOT_COORDINATOR,
 * COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE or CONCURRENT_TRANSACTIONS (a transaction
 * coordinator still ending the previous transaction), or the coordinator cannot be reached, until
 * the deadline.
 *
 * <p>Thread-safe and stateless between calls; each call advances on the network client's I/O thread.
 */
public final class CoordinatorCallRunner {

    /** An answer and the coordinator that gave it. */
    public record Reply<R>(R response, Node coordinator) {
    }

    private final NetworkClient network;
    private final AdminCallRunner runner;
    private final long requestTimeoutMs;
    private final long retryBackoffMs;

    public CoordinatorCallRunner(NetworkClient network, AdminCallRunner runner, long requestTimeoutMs,
                                 long retryBackoffMs) {
        this.network = network;
        this.runner = runner;
        this.requestTimeoutMs = requestTimeoutMs;
        this.retryBackoffMs = retryBackoffMs;
    }

    /** What a coordinator is found for: a group id or a transactional id (FindCoordinator's key types). */
    public record CoordinatorKey(String id, byte keyType) {
        public static CoordinatorKey group(String groupId) {
            return new CoordinatorKey(groupId, FindCoordinatorRequest.GROUP_KEY_TYPE);
        }

        public static CoordinatorKey transaction(String transactionalId) {
            return new CoordinatorKey(transactionalId, FindCoordinatorRequest.TRANSACTION_KEY_TYPE);
        }

        @Override
        public String toString() {
            return (keyType == FindCoordinatorRequest.GROUP_KEY_TYPE ? "group " : "transactional id ") + id;
        }
    }

    /**
     * Runs {@code request} at the coordinator of {@code groupId}; {@code errorOf} reads the
     * coordinator-level error of an answer (NONE when the answer is final).
     */
    public <R extends Message> CompletableFuture<Reply<R>> call(String name, String groupId, Supplier<Message> request,
                                                               Function<R, Errors> errorOf, long deadlineMs) {
        return call(name, CoordinatorKey.group(groupId), request, errorOf, deadlineMs);
    }

    /** As {@link #call(String, String, Supplier, Function, long)}, at the coordinator of {@code key}. */
    public <R extends Message> CompletableFuture<Reply<R>> call(String name, CoordinatorKey key,
                                                               Supplier<Message> request, Function<R, Errors> errorOf,
                                                               long deadlineMs) {
        CompletableFuture<Reply<R>> result = new CompletableFuture<>();
        attempt(name, key, request, errorOf, deadlineMs, null, result);
        return result;
    }

    private <R extends Message> void attempt(String name, CoordinatorKey key, Supplier<Message> request,
                                             Function<R, Errors> errorOf, long deadlineMs, String lastError,
                                             CompletableFuture<Reply<R>> result) {
        if (System.currentTimeMillis() >= deadlineMs) {
            result.completeExceptionally(new TimeoutException("Call(callName=" + name + ") for " + key
                + " timed out" + (lastError == null ? "" : "; last error: " + lastError)));
            return;
        }
        findCoordinator(key, deadlineMs).whenComplete((coordinator, findError) -> {
            if (findError != null) {
                result.completeExceptionally(ClientUtils.unwrap(findError));
                return;
            }
            long timeoutMs = Math.max(1, Math.min(requestTimeoutMs, deadlineMs - System.currentTimeMillis()));
            network.<R>call(coordinator.address(), request.get(), timeoutMs).whenComplete((response, error) -> {
                String retry;
                if (error != null) {
                    Throwable cause = ClientUtils.unwrap(error);
                    if (!(cause instanceof RetriableException)) {
                        result.completeExceptionally(cause);
                        return;
                    }
                    retry = "coordinator " + coordinator.address() + ": " + cause.getMessage();
                } else {
                    Errors answer = errorOf.apply(response);
                    if (!isCoordinatorError(answer)) {
                        result.complete(new Reply<>(response, coordinator));
                        return;
                    }
                    retry = "coordinator " + coordinator.address() + " answered " + answer;
                }
                retryLater(() -> attempt(name, key, request, errorOf, deadlineMs, retry, result), deadlineMs);
            });
        });
    }

    static boolean isCoordinatorError(Errors error) {
        return error == Errors.NOT_COORDINATOR || error == Errors.COORDINATOR_LOAD_IN_PROGRESS
            || error == Errors.COORDINATOR_NOT_AVAILABLE || error == Errors.CONCURRENT_TRANSACTIONS;
    }

    private void retryLater(Runnable again, long deadlineMs) {
        if (network.isClosed()) {
            again.run(); // fails at once: the next network call is refused
            return;
        }
        network.schedule(again, Math.max(0, Math.min(retryBackoffMs, deadlineMs - System.currentTimeMillis())));
    }

    private CompletableFuture<Node> findCoordinator(CoordinatorKey key, long deadlineMs) {
        WholeResponseCall<FindCoordinatorResponse> call = new WholeResponseCall<>("findCoordinator",
            () -> new FindCoordinatorRequest(key.id(), key.keyType()),
            response -> response.error().isRetriable() ? "the coordinator of " + key + ": "
                + response.error() : null);
        runner.run(call, CoordinatorCallRunner::anyBroker, deadlineMs);
        return call.future().thenApply(found -> {
            if (found.error() != Errors.NONE) {
                throw ApiException.forError(found.error(), "the coordinator of " + key
                    + (found.errorMessage() == null ? "" : ": " + found.errorMessage()));
            }
            return new Node(found.nodeId(), found.host(), found.port());
        });
    }

    static String anyBroker(Cluster cluster) {
        List<Node> nodes = cluster.nodes();
        return nodes.isEmpty() ? null : nodes.get(ThreadLocalRandom.current().nextInt(nodes.size())).address();
    }
}
