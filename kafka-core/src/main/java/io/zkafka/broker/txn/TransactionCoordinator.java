package io.zkafka.broker.txn;

import io.zkafka.broker.coordinator.CoordinatorPartitions;
import io.zkafka.broker.group.CoordinatorScheduler;
import io.zkafka.broker.group.CoordinatorThread;
import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.AddOffsetsToTxnRequest;
import io.zkafka.common.message.AddOffsetsToTxnResponse;
import io.zkafka.common.message.AddPartitionsToTxnRequest;
import io.zkafka.common.message.AddPartitionsToTxnResponse;
import io.zkafka.common.message.EndTxnRequest;
import io.zkafka.common.message.EndTxnResponse;
import io.zkafka.common.message.InitProducerIdRequest;
import io.zkafka.common.message.InitProducerIdResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.utils.Time;
import io.zkafka.config.PeerNetwork;
import io.zkafka.coordination.ClusterChangeListener;
import io.zkafka.metadata.MetadataCache;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction coordinator for the transactional ids whose {@code __transaction_state} partition
 * this broker leads: InitProducerId with a transactional id, AddPartitionsToTxn, AddOffsetsToTxn and
 * EndTxn, checked here against each id's {@link TransactionMetadata}; every change is written to the
 * log ({@link TransactionLogWriter}, acks=all) before it is applied or answered. Ending a transaction
 * ({@link TransactionEnder}) writes PrepareCommit or PrepareAbort, then the markers, then
 * CompleteCommit or CompleteAbort. {@link TransactionPartitions} follows which log partitions are led
 * here: a partition led here is replayed ({@link TransactionLoader}) and its decided transactions are
 * finished; one no longer led is dropped. {@link TransactionExpiration} aborts transactions older
 * than their timeout and removes idle ids; {@link TransactionAdministration} answers
 * DescribeTransactions and ListTransactions.
 *
 * <p>Threads: request handler threads call in; each id's state is guarded by its own lock
 * ({@link TransactionMetadata#lock}), never held while calling out. The scheduler's one thread
 * ({@code zkafka-txn-coordinator} in the broker) runs the timers, the marker attempts, and loads and
 * unloads partitions. Writes complete on whichever thread moves the log partition's high watermark.
 */
public final class TransactionCoordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransactionCoordinator.class);

    /** What the coordinator takes from the broker's configuration. */
    public record Settings(int maxTimeoutMs, long abortTimedOutCheckIntervalMs, long transactionalIdExpirationMs,
                           long expiredIdCheckIntervalMs, long retryBackoffMs) {
    }

    /** New producer ids (the broker's {@code ProducerIdManager}). */
    @FunctionalInterface
    public interface ProducerIdSource {
        CompletableFuture<Long> nextProducerId();
    }

    private final Settings settings;
    private final CoordinatorScheduler scheduler;
    private final TransactionRegistry registry = new TransactionRegistry();
    private final TransactionOwnership ownership;
    private final ClusterChangeListener leadershipListener;
    private final ToIntFunction<String> logPartitionOf;
    private final ToIntFunction<String> offsetsPartitionOf;
    private final ProducerIdSource producerIds;
    private final TransactionEnder ender;
    private final TransactionAdministration administration;
    private final AutoCloseable transport;

    /**
     * The broker's coordinator: its thread ({@code zkafka-txn-coordinator}) reads the time from
     * {@code time}; records go to the {@code __transaction_state} partitions of {@code replicas},
     * acks=all within {@code writeTimeoutMs}; markers go over the network to the leaders the
     * metadata names.
     */
    public static TransactionCoordinator forBroker(Settings settings, int brokerId, ReplicaManager replicas,
                                                   MetadataCache metadata, TransactionStateTopic topic,
                                                   ToIntFunction<String> offsetsPartitionOf,
                                                   ProducerIdSource producerIds, Time time, long writeTimeoutMs,
                                                   PeerNetwork peers) {
        CoordinatorThread thread = new CoordinatorThread(time, "zkafka-txn-coordinator");
        NetworkMarkerTransport transport = new NetworkMarkerTransport(brokerId, metadata, writeTimeoutMs, peers);
        return new TransactionCoordinator(settings, thread,
            new TransactionLogPartitionWriter(replicas, writeTimeoutMs, thread::milliseconds), transport,
            loading -> new TransactionPartitions(replicas, topic, thread::execute, loading), topic::partitionFor,
            offsetsPartitionOf, producerIds);
    }

    /**
     * A coordinator on any scheduler, log and transport (a unit test's in-memory ones).
     * {@code ownership} makes the ownership of the log partitions, given what loading and unloading
     * one does; it also follows leadership changes. {@code logPartitionOf} maps a transactional id to
     * its log partition, {@code offsetsPartitionOf} a group id to its {@code __consumer_offsets}
     * partition.
     */
    <O extends TransactionOwnership & ClusterChangeListener> TransactionCoordinator(
            Settings settings, CoordinatorScheduler scheduler, TransactionLogWriter writer, MarkerTransport transport,
            Function<CoordinatorPartitions.Loading, O> ownership, ToIntFunction<String> logPartitionOf,
            ToIntFunction<String> offsetsPartitionOf, ProducerIdSource producerIds) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.transport = transport instanceof AutoCloseable closeable ? closeable : () -> { };
        this.logPartitionOf = logPartitionOf;
        this.offsetsPartitionOf = offsetsPartitionOf;
        this.producerIds = producerIds;
        O owned = ownership.apply(new CoordinatorPartitions.Loading() {
            @Override
            public boolean load(Partition partition, int coordinatorEpoch) {
                return loadPartition(partition, coordinatorEpoch);
            }

            @Override
            public void unload(int logPartition) {
                registry.removePartition(logPartition);
            }
        });
        this.ownership = owned;
        this.leadershipListener = owned;
        TransactionLog txnLog = new TransactionLog(writer, registry, owned, scheduler);
        this.ender = new TransactionEnder(txnLog, registry, owned, scheduler,
            new TransactionMarkers(transport, scheduler, settings.retryBackoffMs()), settings.retryBackoffMs());
        this.administration = new TransactionAdministration(registry, owned, scheduler::milliseconds);
        TransactionExpiration expiration = new TransactionExpiration(registry, owned, txnLog, ender,
            settings.transactionalIdExpirationMs(), scheduler::milliseconds);
        scheduler.scheduleWithFixedDelay(settings.abortTimedOutCheckIntervalMs(), expiration::abortTimedOutTransactions);
        scheduler.scheduleWithFixedDelay(settings.expiredIdCheckIntervalMs(), expiration::removeExpiredIds);
    }

    /** Follows the roles of the log partitions (register it after the replica manager): loads and unloads them. */
    public ClusterChangeListener leadershipListener() {
        return leadershipListener;
    }

    /** DescribeTransactions and ListTransactions. */
    public TransactionAdministration administration() {
        return administration;
    }

    TransactionMetadata transaction(String transactionalId) {
        return registry.get(transactionalId);
    }

    // ---- InitProducerId ------------------------------------------------------------------------

    /**
     * InitProducerId with a transactional id: a new id gets a producer id at epoch 0; a known idle
     * one gets its epoch bumped, which fences the producer that held the old one; an open transaction
     * is aborted under a bumped epoch first (answered CONCURRENT_TRANSACTIONS until it is, which the
     * client retries). {@code producerId}/{@code producerEpoch} in the request (KIP-360) must be the
     * current ones, or PRODUCER_FENCED; a retry after a bump that happened gets the current ones.
     */
    public CompletableFuture<InitProducerIdResponse> initProducerId(InitProducerIdRequest request) {
        String transactionalId = request.transactionalId();
        if (transactionalId == null || transactionalId.isEmpty()) {
            return initError(Errors.INVALID_REQUEST, "The transactional id is empty");
        }
        if (request.transactionTimeoutMs() <= 0 || request.transactionTimeoutMs() > settings.maxTimeoutMs()) {
            return initError(Errors.INVALID_TRANSACTION_TIMEOUT, "transaction.timeout.ms "
                + request.transactionTimeoutMs() + " is not in [1, transaction.max.timeout.ms "
                + settings.maxTimeoutMs() + "]");
        }
        Errors error = ownership.coordinatorError(transactionalId);
        if (error != Errors.NONE) {
            return initError(error, null);
        }
        TransactionMetadata known = registry.get(transactionalId);
        if (known != null) {
            return initKnown(known, request);
        }
        return producerIds.nextProducerId().thenCompose(producerId -> {
            int partition = logPartitionOf.applyAsInt(transactionalId);
            TransactionMetadata txn = registry.putIfAbsent(new TransactionMetadata(transactionalId, partition,
                producerId, request.transactionTimeoutMs(), scheduler.milliseconds()));
            Errors now = ownership.coordinatorError(transactionalId);
            if (now != Errors.NONE) {
                registry.remove(txn); // the partition moved meanwhile
                return initError(now, null);
            }
            return initKnown(txn, request);
        }).exceptionally(e -> InitProducerIdResponse.error(Errors.COORDINATOR_LOAD_IN_PROGRESS,
            "No producer id is available yet: " + e.getMessage()));
    }

    private CompletableFuture<InitProducerIdResponse> initKnown(TransactionMetadata txn, InitProducerIdRequest request) {
        TransactionMetadata.Transition next;
        synchronized (txn.lock) {
            if (!registry.isCurrent(txn)) {
                return initError(Errors.NOT_COORDINATOR, null);
            }
            if (txn.hasPending()) {
                return initError(Errors.CONCURRENT_TRANSACTIONS, null);
            }
            if (request.producerId() != InitProducerIdRequest.NO_PRODUCER_ID) {
                if (request.producerId() != txn.producerId()) {
                    return initError(Errors.PRODUCER_FENCED, "Producer id " + request.producerId()
                        + " is not the current one of transactional id " + txn.transactionalId);
                }
                if (request.producerEpoch() == txn.lastProducerEpoch() && txn.state().isIdle()) {
                    // a retry: the bump it asked for happened
                    return CompletableFuture.completedFuture(new InitProducerIdResponse(Errors.NONE, null,
                        txn.producerId(), txn.producerEpoch()));
                }
                if (request.producerEpoch() != txn.producerEpoch()) {
                    return initError(Errors.PRODUCER_FENCED, "Epoch " + request.producerEpoch()
                        + " is not the current one of transactional id " + txn.transactionalId);
                }
            }
            if (txn.state() == TransactionState.ONGOING || txn.state() == TransactionState.PREPARE_EPOCH_FENCE) {
                ender.fenceAndAbort(txn, "a new producer initialized transactional id " + txn.transactionalId);
                return initError(Errors.CONCURRENT_TRANSACTIONS, null);
            }
            if (!txn.state().isIdle()) {
                return initError(Errors.CONCURRENT_TRANSACTIONS, null); // deciding, or being removed
            }
            next = txn.epochExhausted() ? null : txn.prepare(txn.epochBump(txn.producerId(),
                request.transactionTimeoutMs(), scheduler.milliseconds()));
        }
        if (next != null) {
            return bumped(txn, next);
        }
        return producerIds.nextProducerId().thenCompose(newId -> {
            TransactionMetadata.Transition rotated;
            synchronized (txn.lock) {
                if (!registry.isCurrent(txn)) {
                    return initError(Errors.NOT_COORDINATOR, null);
                }
                if (txn.hasPending() || !txn.state().isIdle()) {
                    return initError(Errors.CONCURRENT_TRANSACTIONS, null);
                }
                rotated = txn.prepare(txn.epochBump(newId, request.transactionTimeoutMs(), scheduler.milliseconds()));
            }
            log.info("Transactional id {} used up the epochs of its producer id: producer {} from now on",
                txn.transactionalId, newId);
            return bumped(txn, rotated);
        }).exceptionally(e -> InitProducerIdResponse.error(Errors.COORDINATOR_LOAD_IN_PROGRESS,
            "No producer id is available yet: " + e.getMessage()));
    }

    /** Writes a prepared epoch bump and answers with the new id and epoch once it is in the log. */
    private CompletableFuture<InitProducerIdResponse> bumped(TransactionMetadata txn,
                                                             TransactionMetadata.Transition next) {
        return ender.log().write(txn, next).thenApply(error -> error == Errors.NONE
            ? new InitProducerIdResponse(Errors.NONE, null, next.producerId(), next.producerEpoch())
            : InitProducerIdResponse.error(error, null));
    }

    private static CompletableFuture<InitProducerIdResponse> initError(Errors error, String message) {
        return CompletableFuture.completedFuture(InitProducerIdResponse.error(error, message));
    }

    // ---- AddPartitionsToTxn, AddOffsetsToTxn ------------------------------------------------------

    /**
     * AddPartitionsToTxn: the partitions join the producer's transaction, which starts now if none
     * is open. Partitions already in it are answered at once without a write.
     */
    public CompletableFuture<AddPartitionsToTxnResponse> addPartitions(AddPartitionsToTxnRequest request) {
        List<TopicPartition> partitions = request.partitions();
        return addPartitions(request.transactionalId(), request.producerId(), request.producerEpoch(),
            new HashSet<>(partitions)).thenApply(error -> AddPartitionsToTxnResponse.uniform(partitions, error));
    }

    /** AddOffsetsToTxn: the group's {@code __consumer_offsets} partition joins the transaction. */
    public CompletableFuture<AddOffsetsToTxnResponse> addOffsets(AddOffsetsToTxnRequest request) {
        if (request.groupId() == null || request.groupId().isEmpty()) {
            return CompletableFuture.completedFuture(new AddOffsetsToTxnResponse(Errors.INVALID_GROUP_ID));
        }
        TopicPartition offsets = new TopicPartition("__consumer_offsets",
            offsetsPartitionOf.applyAsInt(request.groupId()));
        return addPartitions(request.transactionalId(), request.producerId(), request.producerEpoch(), Set.of(offsets))
            .thenApply(AddOffsetsToTxnResponse::new);
    }

    private CompletableFuture<Errors> addPartitions(String transactionalId, long producerId, short producerEpoch,
                                                    Set<TopicPartition> partitions) {
        if (transactionalId == null || transactionalId.isEmpty() || partitions.isEmpty()) {
            return CompletableFuture.completedFuture(Errors.INVALID_REQUEST);
        }
        Errors error = ownership.coordinatorError(transactionalId);
        if (error != Errors.NONE) {
            return CompletableFuture.completedFuture(error);
        }
        TransactionMetadata txn = registry.get(transactionalId);
        if (txn == null) {
            return CompletableFuture.completedFuture(Errors.INVALID_PRODUCER_ID_MAPPING);
        }
        TransactionMetadata.Transition next;
        synchronized (txn.lock) {
            error = producerError(txn, producerId, producerEpoch);
            if (error != Errors.NONE) {
                return CompletableFuture.completedFuture(error);
            }
            if (txn.hasPending() || txn.state().isPreparing() || txn.state() == TransactionState.PREPARE_EPOCH_FENCE) {
                return CompletableFuture.completedFuture(Errors.CONCURRENT_TRANSACTIONS);
            }
            if (txn.state() == TransactionState.DEAD) {
                return CompletableFuture.completedFuture(Errors.INVALID_PRODUCER_ID_MAPPING);
            }
            if (txn.state() == TransactionState.ONGOING && txn.partitions().containsAll(partitions)) {
                return CompletableFuture.completedFuture(Errors.NONE);
            }
            next = txn.prepare(txn.addPartitions(partitions, scheduler.milliseconds()));
        }
        return ender.log().write(txn, next);
    }

    /**
     * Why a request naming {@code producerId} at {@code producerEpoch} is refused, or NONE: another
     * producer id is mapped to the transactional id, or the epoch is not the current one (fenced).
     * Caller holds the lock.
     */
    private static Errors producerError(TransactionMetadata txn, long producerId, short producerEpoch) {
        if (producerId != txn.producerId()) {
            return Errors.INVALID_PRODUCER_ID_MAPPING;
        }
        return producerEpoch == txn.producerEpoch() ? Errors.NONE : Errors.PRODUCER_FENCED;
    }

    // ---- EndTxn --------------------------------------------------------------------------------

    /**
     * EndTxn: answered once PrepareCommit or PrepareAbort is in the log; the markers and the
     * CompleteCommit or CompleteAbort follow. A retry of a decision being carried out is answered
     * CONCURRENT_TRANSACTIONS, of one carried out NONE; the opposite decision is INVALID_TXN_STATE.
     */
    public CompletableFuture<EndTxnResponse> endTransaction(EndTxnRequest request) {
        String transactionalId = request.transactionalId();
        if (transactionalId == null || transactionalId.isEmpty()) {
            return endError(Errors.INVALID_REQUEST);
        }
        Errors error = ownership.coordinatorError(transactionalId);
        if (error != Errors.NONE) {
            return endError(error);
        }
        TransactionMetadata txn = registry.get(transactionalId);
        if (txn == null) {
            return endError(Errors.INVALID_PRODUCER_ID_MAPPING);
        }
        boolean commit = request.committed();
        TransactionMetadata.Transition next;
        synchronized (txn.lock) {
            error = producerError(txn, request.producerId(), request.producerEpoch());
            if (error != Errors.NONE) {
                return endError(error);
            }
            if (txn.hasPending()) {
                return endError(Errors.CONCURRENT_TRANSACTIONS);
            }
            switch (txn.state()) {
                case ONGOING -> next = txn.prepare(txn.prepareEnd(commit, scheduler.milliseconds()));
                case COMPLETE_COMMIT -> {
                    return endError(commit ? Errors.NONE : Errors.INVALID_TXN_STATE);
                }
                case COMPLETE_ABORT -> {
                    return endError(commit ? Errors.INVALID_TXN_STATE : Errors.NONE);
                }
                case PREPARE_COMMIT -> {
                    return endError(commit ? Errors.CONCURRENT_TRANSACTIONS : Errors.INVALID_TXN_STATE);
                }
                case PREPARE_ABORT -> {
                    return endError(commit ? Errors.INVALID_TXN_STATE : Errors.CONCURRENT_TRANSACTIONS);
                }
                case DEAD -> {
                    return endError(Errors.INVALID_PRODUCER_ID_MAPPING);
                }
                default -> {
                    return endError(Errors.INVALID_TXN_STATE); // Empty: no transaction; PrepareEpochFence: fenced above
                }
            }
        }
        return ender.decide(txn, next).thenApply(EndTxnResponse::new);
    }

    private static CompletableFuture<EndTxnResponse> endError(Errors error) {
        return CompletableFuture.completedFuture(new EndTxnResponse(error));
    }

    // ---- loading -------------------------------------------------------------------------------

    /** Replays a log partition just led here. Scheduler thread. */
    private boolean loadPartition(Partition partition, int coordinatorEpoch) {
        try {
            adoptLoaded(partition.topicPartition().partition(), coordinatorEpoch, TransactionLoader.load(partition));
            return true;
        } catch (IOException | RuntimeException e) {
            log.error("Loading {} failed", partition.topicPartition(), e);
            return false;
        }
    }

    /**
     * Takes the transactional ids of log partition {@code logPartition} as its log has them, then
     * (once the partition counts as loaded: a task after this one) finishes the transactions the log
     * shows decided but not completed, under the new coordinator epoch. Scheduler thread.
     */
    void adoptLoaded(int logPartition, int coordinatorEpoch, Map<String, TransactionLogRecords.Value> records) {
        List<TransactionMetadata> loaded = records.entrySet().stream()
            .map(e -> new TransactionMetadata(e.getKey(), logPartition, e.getValue())).toList();
        registry.replacePartition(logPartition, loaded);
        scheduler.execute(() -> loaded.stream().filter(txn -> {
            synchronized (txn.lock) {
                return txn.state().isPreparing();
            }
        }).forEach(txn -> ender.resumeMarkers(txn, coordinatorEpoch)));
    }

    @Override
    public void close() {
        scheduler.close();
        try {
            transport.close();
        } catch (Exception e) {
            log.warn("Closing the marker transport failed", e);
        }
    }
}
