package io.zkafka.broker.group;

import io.zkafka.broker.coordinator.AcksAllAppender;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.broker.replica.StorageErrorLog;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.common.record.RecordBatchDescriptor;
import io.zkafka.storage.KafkaStorageException;
import io.zkafka.storage.producer.AppendOrigin;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's {@link GroupLogWriter}: appends the coordinator's records to an offsets partition
 * this broker leads, with acks=all semantics: the returned future completes once the high watermark
 * passes the batch (NONE), when leadership moves first (NOT_COORDINATOR), with too few replicas in
 * sync (COORDINATOR_NOT_AVAILABLE, as Kafka maps it), or after {@code offsets.commit.timeout.ms}
 * (REQUEST_TIMED_OUT): an {@link AcksAllAppender}. The records carry the coordinator's time. Thread-safe.
 */
final class OffsetsPartitionWriter implements GroupLogWriter {
    private static final Logger log = LoggerFactory.getLogger(OffsetsPartitionWriter.class);
    private final StorageErrorLog storageErrors = new StorageErrorLog(log);

    private final AcksAllAppender appender;
    private final LongSupplier clock;

    OffsetsPartitionWriter(ReplicaManager replicas, long timeoutMs, LongSupplier clock) {
        this.appender = new AcksAllAppender(replicas, timeoutMs);
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Result> append(int offsetsPartition, int expectedLeaderEpoch, List<Entry> entries) {
        return append(offsetsPartition, expectedLeaderEpoch, RecordBatchDescriptor.NO_PRODUCER_ID,
            RecordBatchDescriptor.NO_PRODUCER_EPOCH, entries);
    }

    @Override
    public CompletableFuture<Result> appendTransactional(int offsetsPartition, int leaderEpoch, long producerId,
                                                         short producerEpoch, List<Entry> entries) {
        return append(offsetsPartition, leaderEpoch, producerId, producerEpoch, entries);
    }

    private CompletableFuture<Result> append(int offsetsPartition, int expectedLeaderEpoch, long producerId,
                                             short producerEpoch, List<Entry> entries) {
        TopicPartition tp = new TopicPartition(OffsetsTopic.NAME, offsetsPartition);
        // a transactional batch has no sequence: the log takes it as a coordinator's append
        return appender.append(tp, expectedLeaderEpoch, () -> batch(producerId, producerEpoch, entries),
                AppendOrigin.COORDINATOR, this::onWriteFailure)
            .thenApply(appended -> new Result(appended.error(), appended.baseOffset()));
    }

    private ByteBuffer batch(long producerId, short producerEpoch, List<Entry> entries) {
        long now = clock.getAsLong();
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, Integer.MAX_VALUE);
        if (producerId != RecordBatchDescriptor.NO_PRODUCER_ID) {
            builder.producer(producerId, producerEpoch, RecordBatchDescriptor.NO_SEQUENCE).transactional(true);
        }
        for (Entry entry : entries) {
            builder.append(now, entry.key(), entry.value());
        }
        return builder.build();
    }

    private Errors onWriteFailure(TopicPartition tp, Exception e) {
        if (e instanceof KafkaStorageException) {
            // its log dir failed here: the controller moves the partition, and its groups with it (Kafka's answer)
            storageErrors.warn(tp, "Writing group records to", e);
            return Errors.NOT_COORDINATOR;
        }
        log.error("Writing group records to {} failed", tp, e);
        return Errors.UNKNOWN_SERVER_ERROR;
    }
}
