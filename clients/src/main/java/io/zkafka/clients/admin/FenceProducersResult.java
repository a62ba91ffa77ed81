package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.Futures;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Per transactional id, the producer id and the epoch it was bumped to: every producer holding an
 * older epoch of the id is fenced, and its open transaction aborted.
 */
public class FenceProducersResult {
    /** The id and epoch a fenced transactional id now has. */
    public record ProducerIdAndEpoch(long producerId, short epoch) {
    }

    private final Map<String, CompletableFuture<ProducerIdAndEpoch>> futures;

    public FenceProducersResult(Map<String, CompletableFuture<ProducerIdAndEpoch>> futures) {
        this.futures = Map.copyOf(futures);
    }

    /** Per transactional id, a future that completes once it is fenced. */
    public Map<String, CompletableFuture<Void>> fencedTransactionalIds() {
        Map<String, CompletableFuture<Void>> done = new HashMap<>();
        futures.forEach((id, future) -> done.put(id, future.thenApply(ignored -> null)));
        return done;
    }

    public CompletableFuture<Long> producerId(String transactionalId) {
        return find(transactionalId).thenApply(ProducerIdAndEpoch::producerId);
    }

    public CompletableFuture<Short> epochId(String transactionalId) {
        return find(transactionalId).thenApply(ProducerIdAndEpoch::epoch);
    }

    public CompletableFuture<Void> all() {
        return Futures.allOf(futures);
    }

    private CompletableFuture<ProducerIdAndEpoch> find(String transactionalId) {
        CompletableFuture<ProducerIdAndEpoch> future = futures.get(transactionalId);
        if (future == null) {
            throw new IllegalArgumentException("Transactional id " + transactionalId + " was not among those fenced");
        }
        return future;
    }
}
