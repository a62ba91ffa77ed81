package io.zkafka.broker.txn;

import io.zkafka.broker.group.ManualScheduler;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.AddOffsetsToTxnRequest;
import io.zkafka.common.message.AddPartitionsToTxnRequest;
import io.zkafka.common.message.EndTxnRequest;
import io.zkafka.common.message.InitProducerIdRequest;
import io.zkafka.common.message.InitProducerIdResponse;
import io.zkafka.common.protocol.Errors;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TransactionCoordinator} without a broker: a {@link ManualScheduler} for its clock and
 * timers, an {@link InMemoryTransactionLog} for its writes, a {@link FakeMarkerTransport} for its
 * markers, a {@link FixedTransactionOwnership} for its log partitions (every id in partition 0), and
 * producer ids counting from {@link #FIRST_PRODUCER_ID}. Confined to the test's thread; nothing
 * scheduled runs unless the test advances the time.
 */
final class TxnFixture {
    static final String TXN = "txn-1";
    static final long START_MS = 1_000_000;
    static final int TIMEOUT_MS = 60_000;
    static final int MAX_TIMEOUT_MS = 900_000;
    static final long ABORT_CHECK_MS = 10_000;
    static final long EXPIRATION_MS = 604_800_000L;
    static final long EXPIRATION_CHECK_MS = 3_600_000L;
    static final long BACKOFF_MS = 100;
    static final long FIRST_PRODUCER_ID = 4_000;
    static final int OFFSETS_PARTITION = 17;
    static final TransactionCoordinator.Settings SETTINGS = new TransactionCoordinator.Settings(MAX_TIMEOUT_MS,
        ABORT_CHECK_MS, EXPIRATION_MS, EXPIRATION_CHECK_MS, BACKOFF_MS);
    static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);

    final ManualScheduler time = new ManualScheduler(START_MS);
    final InMemoryTransactionLog log = new InMemoryTransactionLog();
    final FakeMarkerTransport markers = new FakeMarkerTransport();
    final FixedTransactionOwnership ownership = new FixedTransactionOwnership();
    final AtomicLong producerIds = new AtomicLong(FIRST_PRODUCER_ID);
    final TransactionCoordinator coordinator = new TransactionCoordinator(SETTINGS, time, log, markers,
        loading -> ownership, id -> 0, group -> OFFSETS_PARTITION,
        () -> CompletableFuture.completedFuture(producerIds.getAndIncrement()));

    InitProducerIdResponse init() {
        return init(TIMEOUT_MS, InitProducerIdRequest.NO_PRODUCER_ID, InitProducerIdRequest.NO_PRODUCER_EPOCH);
    }

    InitProducerIdResponse init(int timeoutMs, long producerId, short epoch) {
        return coordinator.initProducerId(new InitProducerIdRequest(TXN, timeoutMs, producerId, epoch)).getNow(null);
    }

    Errors add(long producerId, short epoch, TopicPartition... partitions) {
        return coordinator.addPartitions(AddPartitionsToTxnRequest.of(TXN, producerId, epoch, List.of(partitions)))
            .getNow(null).errors().values().iterator().next();
    }

    CompletableFuture<Errors> addOffsets(long producerId, short epoch, String group) {
        return coordinator.addOffsets(new AddOffsetsToTxnRequest(TXN, producerId, epoch, group))
            .thenApply(r -> r.error());
    }

    CompletableFuture<Errors> end(long producerId, short epoch, boolean commit) {
        return coordinator.endTransaction(new EndTxnRequest(TXN, producerId, epoch, commit)).thenApply(r -> r.error());
    }

    TransactionState state() {
        TransactionMetadata txn = coordinator.transaction(TXN);
        synchronized (txn.lock) {
            return txn.state();
        }
    }

    TransactionMetadata txn() {
        return coordinator.transaction(TXN);
    }

    /** Runs what is due now (marker attempts, answers handed back). */
    void runPending() {
        time.advance(0);
    }
}
