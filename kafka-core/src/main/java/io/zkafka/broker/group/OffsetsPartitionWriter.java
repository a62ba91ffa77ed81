package io.zkafka.broker.group;

import io.zkafka.broker.purgatory.DelayedOperation;
import io.zkafka.broker.replica.NotEnoughReplicasException;
import io.zkafka.broker.replica.NotLeaderException;
import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.broker.replica.StorageErrorLog;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.common.record.RecordBatchDescriptor;
import io.zkafka.storage.KafkaStorageException;
import io.zkafka.storage.producer.AppendOrigin;
import java.io.IOException;
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
 * (REQUEST_TIMED_OUT). The records carry the coordinator's time. The wait is a purgatory entry
 * re-checked by appends and follower fetches, never a thread. Thread-safe.
 */
final class OffsetsPartitionWriter implements GroupLogWriter {
    private static final Logger log = LoggerFactory.getLogger(OffsetsPartitionWriter.class);
    private final StorageErrorLog storageErrors = new StorageErrorLog(log);

    private final ReplicaManager replicas;
    private final long timeoutMs;
    private final LongSupplier clock;

    OffsetsPartitionWriter(ReplicaManager replicas, long timeoutMs, LongSupplier clock) {
        this.replicas = replicas;
        this.timeoutMs = timeoutMs;
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
        Partition partition = replicas.partition(tp).orElse(null);
        if (partition == null || !partition.isLeader() || partition.leaderEpoch() != expectedLeaderEpoch) {
            return CompletableFuture.completedFuture(new Result(Errors.NOT_COORDINATOR, -1));
        }
        long now = clock.getAsLong();
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, Integer.MAX_VALUE);
        if (producerId != RecordBatchDescriptor.NO_PRODUCER_ID) {
            builder.producer(producerId, producerEpoch, RecordBatchDescriptor.NO_SEQUENCE).transactional(true);
        }
        for (Entry entry : entries) {
            builder.append(now, entry.key(), entry.value());
        }
        ByteBuffer batch = builder.build();
        Partition.LeaderAppend appended;
        try {
            // a transactional batch has no sequence: the log takes it as a coordinator's append
            appended = partition.appendAsLeader(batch, (short) -1, AppendOrigin.COORDINATOR);
        } catch (NotLeaderException e) {
            return CompletableFuture.completedFuture(new Result(Errors.NOT_COORDINATOR, -1));
        } catch (NotEnoughReplicasException e) {
            return CompletableFuture.completedFuture(new Result(Errors.COORDINATOR_NOT_AVAILABLE, -1));
        } catch (KafkaStorageException e) {
            // its log dir failed here: the controller moves the partition, and its groups with it (Kafka's answer)
            storageErrors.warn(tp, "Writing group records to", e);
            return CompletableFuture.completedFuture(new Result(Errors.NOT_COORDINATOR, -1));
        } catch (IOException | RuntimeException e) {
            log.error("Writing group records to {} failed", tp, e);
            return CompletableFuture.completedFuture(new Result(Errors.UNKNOWN_SERVER_ERROR, -1));
        }
        replicas.onAppend(tp);
        CompletableFuture<Result> done = new CompletableFuture<>();
        long base = appended.info().firstOffset();
        DelayedAppend wait = new DelayedAppend(tp, appended.leaderEpoch(), appended.info().lastOffset() + 1, base, done);
        replicas.producePurgatory().tryCompleteElseWatch(wait, List.of(tp));
        return done;
    }

    /** Waits for the high watermark to pass {@code requiredOffset} under the same leader epoch. */
    private final class DelayedAppend extends DelayedOperation {
        private final TopicPartition tp;
        private final int leaderEpoch;
        private final long requiredOffset;
        private final long baseOffset;
        private final CompletableFuture<Result> done;

        DelayedAppend(TopicPartition tp, int leaderEpoch, long requiredOffset, long baseOffset,
                      CompletableFuture<Result> done) {
            super(timeoutMs);
            this.tp = tp;
            this.leaderEpoch = leaderEpoch;
            this.requiredOffset = requiredOffset;
            this.baseOffset = baseOffset;
            this.done = done;
        }

        private Errors outcome() {
            Partition partition = replicas.partition(tp).orElse(null);
            if (partition == null || !partition.isLeader() || partition.leaderEpoch() != leaderEpoch) {
                return Errors.NOT_COORDINATOR;
            }
            return partition.highWatermark() >= requiredOffset ? Errors.NONE : null;
        }

        @Override
        public boolean tryComplete() {
            return outcome() != null && forceComplete();
        }

        @Override
        protected void onComplete() {
            Errors error = outcome();
            done.complete(new Result(error == null ? Errors.REQUEST_TIMED_OUT : error, baseOffset));
        }
    }
}
