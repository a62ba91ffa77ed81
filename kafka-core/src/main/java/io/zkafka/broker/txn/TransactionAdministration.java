package io.zkafka.broker.txn;

import io.zkafka.common.message.DescribeTransactionsRequest;
import io.zkafka.common.message.DescribeTransactionsResponse;
import io.zkafka.common.message.ListTransactionsRequest;
import io.zkafka.common.message.ListTransactionsResponse;
import io.zkafka.common.protocol.Errors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * DescribeTransactions and ListTransactions (KIP-664): what this broker's coordinator holds, each
 * id read under its lock. Thread-safe.
 */
public final class TransactionAdministration {
    private final TransactionRegistry registry;
    private final TransactionOwnership ownership;
    private final LongSupplier clock;

    TransactionAdministration(TransactionRegistry registry, TransactionOwnership ownership, LongSupplier clock) {
        this.registry = registry;
        this.ownership = ownership;
        this.clock = clock;
    }

    public DescribeTransactionsResponse describe(DescribeTransactionsRequest request) {
        List<DescribeTransactionsResponse.TransactionState> states = new ArrayList<>();
        List<String> ids = request.transactionalIds() == null ? List.of() : request.transactionalIds();
        for (String id : ids) {
            Errors error = id == null || id.isEmpty() ? Errors.INVALID_REQUEST : ownership.coordinatorError(id);
            TransactionMetadata txn = error == Errors.NONE ? registry.get(id) : null;
            if (error == Errors.NONE && txn == null) {
                error = Errors.TRANSACTIONAL_ID_NOT_FOUND;
            }
            states.add(txn == null ? DescribeTransactionsResponse.TransactionState.error(id, error) : describe(txn));
        }
        return new DescribeTransactionsResponse(states);
    }

    private static DescribeTransactionsResponse.TransactionState describe(TransactionMetadata txn) {
        synchronized (txn.lock) {
            Map<String, List<Integer>> byTopic = new TreeMap<>();
            txn.partitions().stream().sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                .forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
            List<DescribeTransactionsResponse.Topic> topics = new ArrayList<>();
            byTopic.forEach((topic, partitions) -> topics.add(new DescribeTransactionsResponse.Topic(topic, partitions)));
            return new DescribeTransactionsResponse.TransactionState(Errors.NONE, txn.transactionalId,
                txn.state().displayName, txn.timeoutMs(), txn.startTimestampMs(), txn.producerId(), txn.producerEpoch(),
                topics);
        }
    }

    public ListTransactionsResponse list(ListTransactionsRequest request) {
        if (ownership.isLoading()) {
            return new ListTransactionsResponse(Errors.COORDINATOR_LOAD_IN_PROGRESS, List.of(), List.of());
        }
        Set<TransactionState> states = new HashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String name : request.stateFilters() == null ? List.<String>of() : request.stateFilters()) {
            TransactionState state = TransactionState.forDisplayName(name);
            if (state == null) {
                unknown.add(name);
            } else {
                states.add(state);
            }
        }
        Set<Long> producerIds = request.producerIdFilters() == null ? Set.of() : Set.copyOf(request.producerIdFilters());
        long now = clock.getAsLong();
        List<ListTransactionsResponse.TransactionListing> listed = new ArrayList<>();
        for (TransactionMetadata txn : registry.all()) {
            if (ownership.loadedEpoch(txn.logPartition) < 0) {
                continue;
            }
            synchronized (txn.lock) {
                boolean stateMatches = (states.isEmpty() && unknown.isEmpty()) || states.contains(txn.state());
                boolean producerMatches = producerIds.isEmpty() || producerIds.contains(txn.producerId());
                boolean durationMatches = request.durationFilterMs() < 0
                    || txn.startTimestampMs() >= 0 && now - txn.startTimestampMs() > request.durationFilterMs();
                if (stateMatches && producerMatches && durationMatches && txn.state() != TransactionState.DEAD) {
                    listed.add(new ListTransactionsResponse.TransactionListing(txn.transactionalId, txn.producerId(),
                        txn.state().displayName));
                }
            }
        }
        listed.sort((a, b) -> a.transactionalId().compareTo(b.transactionalId()));
        return new ListTransactionsResponse(Errors.NONE, unknown, listed);
    }
}
