package io.zkafka.broker.txn;

import io.zkafka.broker.coordinator.AcksAllAppender;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.broker.replica.StorageErrorLog;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.storage.KafkaStorageException;
import io.zkafka.storage.producer.AppendOrigin;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's {@link TransactionLogWriter}: appends a record to a {@code __transaction_state}
 * partition this broker leads, with acks=all semantics: the future completes once the high
 * watermark passes it (NONE), when leadership moves first (NOT_COORDINATOR), with too few replicas
 * in sync (COORDINATOR_NOT_AVAILABLE), when its log dir failed here (NOT_COORDINATOR: the partition
 * moves), or after {@code timeoutMs} (REQUEST_TIMED_OUT): an
 * {@link AcksAllAppender}. Thread-safe.
 */
final class TransactionLogPartitionWriter implements TransactionLogWriter {
    private static final Logger log = LoggerFactory.getLogger(TransactionLogPartitionWriter.class);

    private final StorageErrorLog storageErrors = new StorageErrorLog(log);
    private final AcksAllAppender appender;
    private final LongSupplier clock;

    TransactionLogPartitionWriter(ReplicaManager replicas, long timeoutMs, LongSupplier clock) {
        this.appender = new AcksAllAppender(replicas, timeoutMs);
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Errors> append(int logPartition, int leaderEpoch, byte[] key, byte[] value) {
        TopicPartition tp = new TopicPartition(TransactionStateTopic.NAME, logPartition);
        return appender.append(tp, leaderEpoch, () -> batch(key, value), AppendOrigin.CLIENT, this::onWriteFailure)
            .thenApply(AcksAllAppender.Appended::error);
    }

    private ByteBuffer batch(byte[] key, byte[] value) {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, Integer.MAX_VALUE);
        builder.append(clock.getAsLong(), key, value);
        return builder.build();
    }

    private Errors onWriteFailure(TopicPartition tp, Exception e) {
        if (e instanceof KafkaStorageException) {
            // its log dir failed here: the controller moves the partition, and its transactions with it
            storageErrors.warn(tp, "Writing a transaction record to", e);
            return Errors.NOT_COORDINATOR;
        }
        log.error("Writing a transaction record to {} failed", tp, e);
        return Errors.UNKNOWN_SERVER_ERROR;
    }
}
