package io.zkafka.clients.consumer.internals;

import io.zkafka.clients.internals.ClientUtils;
import io.zkafka.clients.internals.Cluster;
import io.zkafka.clients.internals.Metadata;
import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.common.Node;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.errors.InterruptException;
import io.zkafka.common.errors.RetriableException;
import io.zkafka.common.errors.TimeoutException;
import io.zkafka.common.message.FindCoordinatorRequest;
import io.zkafka.common.message.FindCoordinatorResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way to a group's coordinator: finds it (FindCoordinator to any broker), sends requests to it
 * and waits for answers until a deadline or a {@link WakeupTrigger wakeup}, whichever comes first.
 * Every wait is a future raced against the wakeup signal, never a sleep; backoffs are waits on the
 * same signal.
 *
 * <p>Threads: waits run on the application thread; the coordinator address is atomic because the
 * heartbeat (I/O thread) reads it, forgets it when a request fails and looks it up again itself
 * ({@link #findCoordinatorAsync}), while the application thread may be doing the same.
 */
final class CoordinatorChannel {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorChannel.class);
    private static final int MAX_LOOKUPS = 1000;

    private final String groupId;
    private final NetworkClient network;
    private final Metadata metadata;
    private final WakeupTrigger wakeup;
    private final long requestTimeoutMs;
    private final long retryBackoffMs;
    private final AtomicReference<String> coordinator = new AtomicReference<>();

    CoordinatorChannel(String groupId, NetworkClient network, Metadata metadata, WakeupTrigger wakeup,
                       long requestTimeoutMs, long retryBackoffMs) {
        this.groupId = groupId;
        this.network = network;
        this.metadata = metadata;
        this.wakeup = wakeup;
        this.requestTimeoutMs = requestTimeoutMs;
        this.retryBackoffMs = retryBackoffMs;
    }

    NetworkClient network() {
        return network;
    }

    long requestTimeoutMs() {
        return requestTimeoutMs;
    }

    /** The coordinator's address, or null when it is not known. */
    String coordinator() {
        return coordinator.get();
    }

    void markUnknown() {
        coordinator.set(null);
    }

    /** Forgets the coordinator if it is still {@code failed} (another thread may have found a new one meanwhile). */
    void markUnknown(String failed) {
        coordinator.compareAndSet(failed, null);
    }

    private void found(FindCoordinatorResponse found) {
        // its own connection: a JoinGroup the broker holds must not queue fetches and metadata behind it
        String address = found.host() + ":" + found.port() + "#group";
        if (!address.equals(coordinator.getAndSet(address))) {
            LOG.info("Group {} is coordinated by broker {} at {}", groupId, found.nodeId(), address);
        }
    }

    /**
     * Looks the coordinator up without waiting (for the heartbeat on the I/O thread): asks one broker
     * metadata knows. Completes with the coordinator's address, or null when none was found this time.
     */
    CompletableFuture<String> findCoordinatorAsync() {
        List<Node> nodes = metadata.fetch().nodes();
        if (nodes.isEmpty()) {
            metadata.requestUpdate();
            return CompletableFuture.completedFuture(null);
        }
        Node node = nodes.get((int) (System.nanoTime() % nodes.size() + nodes.size()) % nodes.size());
        return network.<FindCoordinatorResponse>call(node.host() + ":" + node.port(), new FindCoordinatorRequest(
                groupId, FindCoordinatorRequest.GROUP_KEY_TYPE), requestTimeoutMs)
            .handle((response, e) -> {
                if (e != null || response.error() != Errors.NONE) {
                    return null;
                }
                found(response);
                return coordinator.get();
            });
    }

    /** Finds the coordinator unless known. @throws TimeoutException when the deadline passes first */
    void ensureCoordinator(long deadlineMs) {
        for (int attempt = 0; coordinator.get() == null && attempt < MAX_LOOKUPS; attempt++) {
            if (System.currentTimeMillis() >= deadlineMs) {
                throw new TimeoutException("The coordinator of group " + groupId + " was not found in time");
            }
            String address = anyBroker(deadlineMs);
            FindCoordinatorResponse found = address == null ? null : call(address, new FindCoordinatorRequest(
                groupId, FindCoordinatorRequest.GROUP_KEY_TYPE), deadlineMs);
            if (found != null && found.error() == Errors.NONE) {
                found(found);
                return;
            }
            if (found != null && !found.error().isRetriable()) {
                throw ApiException.forError(found.error(), "coordinator of group " + groupId);
            }
            backoff(deadlineMs);
        }
    }

    private String anyBroker(long deadlineMs) {
        Cluster cluster = metadata.fetch();
        if (cluster.nodes().isEmpty()) {
            metadata.requestUpdate();
            try {
                cluster = await(metadata.refresh(), deadlineMs, "refresh metadata");
            } catch (RetriableException e) {
                return null;
            }
        }
        List<Node> nodes = cluster.nodes();
        if (nodes.isEmpty()) {
            return null;
        }
        Node node = nodes.get((int) (System.nanoTime() % nodes.size() + nodes.size()) % nodes.size());
        return node.host() + ":" + node.port();
    }

    /** Sends to the coordinator and waits; null (coordinator forgotten) when the request failed. */
    <R extends Message> R callCoordinator(Message request, long deadlineMs) {
        String target = coordinator.get();
        if (target == null) {
            return null;
        }
        R response = call(target, request, deadlineMs);
        if (response == null) {
            markUnknown(target);
        }
        return response;
    }

    /** Sends and waits; null when the request failed (connection, timeout) and should be retried. */
    <R extends Message> R call(String address, Message request, long deadlineMs) {
        CompletableFuture<R> future = network.call(address, request, requestTimeoutMs);
        try {
            return await(future, deadlineMs, request.apiKey().name());
        } catch (RetriableException e) {
            if (!future.isDone()) {
                throw e; // the caller's deadline, not a failed request
            }
            return null;
        }
    }

    /**
     * Waits for the future until the deadline or a wakeup.
     *
     * @throws TimeoutException (retriable) when the deadline passes first
     * @throws io.zkafka.common.errors.WakeupException when woken up
     */
    <T> T await(CompletableFuture<T> future, long deadlineMs, String what) {
        wakeup.maybeTrigger();
        try {
            CompletableFuture.anyOf(future, wakeup.signal())
                .get(Math.max(1, deadlineMs - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException("Timed out waiting to " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        } catch (ExecutionException e) {
            // the awaited future failed: reported below
        }
        if (!future.isDone()) {
            wakeup.maybeTrigger();
        }
        try {
            return future.getNow(null);
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = ClientUtils.unwrap(e);
            throw cause instanceof RuntimeException runtime ? runtime
                : new ApiException(Errors.UNKNOWN_SERVER_ERROR, cause.toString(), cause);
        }
    }

    /** Waits {@code retry.backoff.ms} (at most to the deadline), ending early on a wakeup. */
    void backoff(long deadlineMs) {
        long waitMs = Math.min(retryBackoffMs, deadlineMs - System.currentTimeMillis());
        if (waitMs <= 0) {
            return;
        }
        try {
            wakeup.signal().get(waitMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The wakeup signal never fails", e);
        }
        wakeup.maybeTrigger();
    }
}
