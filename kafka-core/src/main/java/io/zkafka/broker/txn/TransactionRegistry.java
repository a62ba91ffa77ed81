package io.zkafka.broker.txn;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The transactional ids this broker coordinates, by id. Loading a log partition puts its ids,
 * unloading removes them; an id created by InitProducerId is put once. Thread-safe; each
 * {@link TransactionMetadata} guards itself.
 */
final class TransactionRegistry {
    private final ConcurrentMap<String, TransactionMetadata> byId = new ConcurrentHashMap<>();

    TransactionMetadata get(String transactionalId) {
        return byId.get(transactionalId);
    }

    /** Puts {@code txn} unless its id is there already; returns the one registered. */
    TransactionMetadata putIfAbsent(TransactionMetadata txn) {
        TransactionMetadata existing = byId.putIfAbsent(txn.transactionalId, txn);
        return existing == null ? txn : existing;
    }

    /** Whether {@code txn} is the one registered for its id (not unloaded or replaced since). */
    boolean isCurrent(TransactionMetadata txn) {
        return byId.get(txn.transactionalId) == txn;
    }

    void remove(TransactionMetadata txn) {
        byId.remove(txn.transactionalId, txn);
    }

    /** Replaces the ids of log partition {@code logPartition} with {@code loaded}. */
    void replacePartition(int logPartition, List<TransactionMetadata> loaded) {
        removePartition(logPartition);
        loaded.forEach(txn -> byId.put(txn.transactionalId, txn));
    }

    void removePartition(int logPartition) {
        byId.values().removeIf(txn -> txn.logPartition == logPartition);
    }

    /** A snapshot of every id coordinated here. */
    List<TransactionMetadata> all() {
        return List.copyOf(byId.values());
    }
}
