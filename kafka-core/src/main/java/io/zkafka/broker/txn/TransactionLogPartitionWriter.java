package io.zkafka.broker.txn;

import io.zkafka.broker.purgatory.DelayedOperation;
import io.zkafka.broker.replica.NotEnoughReplicasException;
import io.zkafka.broker.replica.NotLeaderException;
import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.record.RecordBatchBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's {@link TransactionLogWriter}: appends a record to a {@code __transaction_state}
 * partition this broker leads, with acks=all semantics: the future completes once the high
 * watermark passes it (NONE), when leadership moves first (NOT_COORDINATOR), with too few replicas
 * in sync (COORDINATOR_NOT_AVAILABLE), or after {@code timeoutMs} (REQUEST_TIMED_OUT). The wait is a
 * purgatory entry re-checked by appends and follower fetches, never a thread. Thread-safe.
 */
final class TransactionLogPartitionWriter implements TransactionLogWriter {
    private static final Logger log = LoggerFactory.getLogger(TransactionLogPartitionWriter.class);

    private final ReplicaManager replicas;
    private final long timeoutMs;
    private final LongSupplier clock;

    TransactionLogPartitionWriter(ReplicaManager replicas, long timeoutMs, LongSupplier clock) {
        this.replicas = replicas;
        this.timeoutMs = timeoutMs;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Errors> append(int logPartition, int leaderEpoch, byte[] key, byte[] value) {
        TopicPartition tp = new TopicPartition(TransactionStateTopic.NAME, logPartition);
        Partition partition = replicas.partition(tp).orElse(null);
        if (partition == null || !partition.isLeader() || partition.leaderEpoch() != leaderEpoch) {
            return CompletableFuture.completedFuture(Errors.NOT_COORDINATOR);
        }
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, Integer.MAX_VALUE);
        builder.append(clock.getAsLong(), key, value);
        ByteBuffer batch = builder.build();
        Partition.LeaderAppend appended;
        try {
            appended = partition.appendAsLeader(batch, (short) -1);
        } catch (NotLeaderException e) {
            return CompletableFuture.completedFuture(Errors.NOT_COORDINATOR);
        } catch (NotEnoughReplicasException e) {
            return CompletableFuture.completedFuture(Errors.COORDINATOR_NOT_AVAILABLE);
        } catch (IOException | RuntimeException e) {
            log.error("Writing a transaction record to {} failed", tp, e);
            return CompletableFuture.completedFuture(Errors.UNKNOWN_SERVER_ERROR);
        }
        replicas.onAppend(tp);
        CompletableFuture<Errors> done = new CompletableFuture<>();
        replicas.producePurgatory().tryCompleteElseWatch(new DelayedAppend(tp, appended.leaderEpoch(),
            appended.info().lastOffset() + 1, done), List.of(tp));
        return done;
    }

    /** Waits for the high watermark to pass {@code requiredOffset} under the same leader epoch. */
    private final class DelayedAppend extends DelayedOperation {
        private final TopicPartition tp;
        private final int leaderEpoch;
        private final long requiredOffset;
        private final CompletableFuture<Errors> done;

        DelayedAppend(TopicPartition tp, int leaderEpoch, long requiredOffset, CompletableFuture<Errors> done) {
            super(timeoutMs);
            this.tp = tp;
            this.leaderEpoch = leaderEpoch;
            this.requiredOffset = requiredOffset;
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
            done.complete(error == null ? Errors.REQUEST_TIMED_OUT : error);
        }
    }
}
