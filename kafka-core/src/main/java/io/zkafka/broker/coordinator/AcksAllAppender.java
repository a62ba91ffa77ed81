package io.zkafka.broker.coordinator;

import io.zkafka.broker.purgatory.DelayedOperation;
import io.zkafka.broker.replica.NotEnoughReplicasException;
import io.zkafka.broker.replica.NotLeaderException;
import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.Errors;
import io.zkafka.storage.producer.AppendOrigin;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A coordinator's append to a partition of its internal topic this broker leads at an expected
 * leader epoch, with acks=all semantics: the future completes once the high watermark passes the
 * batch (NONE), when leadership moves first (NOT_COORDINATOR), with too few replicas in sync
 * (COORDINATOR_NOT_AVAILABLE, as Kafka maps it), or after {@code timeoutMs} (REQUEST_TIMED_OUT).
 * Any other failure of the write is the caller's to log and answer. The wait is a purgatory entry
 * re-checked by appends and follower fetches, never a thread. Thread-safe.
 */
public final class AcksAllAppender {
    /** How an append ended, and the offset of its batch's first record (-1 if it was not appended). */
    public record Appended(Errors error, long baseOffset) {
    }

    /** Logs a failed write to {@code tp} and says what the coordinator answers for it. */
    @FunctionalInterface
    public interface WriteFailure {
        Errors handle(TopicPartition tp, Exception error);
    }

    private final ReplicaManager replicas;
    private final long timeoutMs;

    public AcksAllAppender(ReplicaManager replicas, long timeoutMs) {
        this.replicas = replicas;
        this.timeoutMs = timeoutMs;
    }

    /**
     * Appends the batch {@code batch} builds (called only once the partition is known to be led here
     * at {@code expectedLeaderEpoch}) as {@code origin}; {@code onFailure} answers a write that threw.
     */
    public CompletableFuture<Appended> append(TopicPartition tp, int expectedLeaderEpoch, Supplier<ByteBuffer> batch,
                                              AppendOrigin origin, WriteFailure onFailure) {
        Partition partition = replicas.partition(tp).orElse(null);
        if (partition == null || !partition.isLeader() || partition.leaderEpoch() != expectedLeaderEpoch) {
            return failed(Errors.NOT_COORDINATOR);
        }
        Partition.LeaderAppend appended;
        try {
            appended = partition.appendAsLeader(batch.get(), (short) -1, origin);
        } catch (NotLeaderException e) {
            return failed(Errors.NOT_COORDINATOR);
        } catch (NotEnoughReplicasException e) {
            return failed(Errors.COORDINATOR_NOT_AVAILABLE);
        } catch (IOException | RuntimeException e) {
            return failed(onFailure.handle(tp, e));
        }
        replicas.onAppend(tp);
        CompletableFuture<Appended> done = new CompletableFuture<>();
        DelayedAppend wait = new DelayedAppend(tp, appended.leaderEpoch(), appended.info().lastOffset() + 1,
            appended.info().firstOffset(), done);
        replicas.producePurgatory().tryCompleteElseWatch(wait, List.of(tp));
        return done;
    }

    private static CompletableFuture<Appended> failed(Errors error) {
        return CompletableFuture.completedFuture(new Appended(error, -1));
    }

    /** Waits for the high watermark to pass {@code requiredOffset} under the same leader epoch. */
    private final class DelayedAppend extends DelayedOperation {
        private final TopicPartition tp;
        private final int leaderEpoch;
        private final long requiredOffset;
        private final long baseOffset;
        private final CompletableFuture<Appended> done;

        DelayedAppend(TopicPartition tp, int leaderEpoch, long requiredOffset, long baseOffset,
                      CompletableFuture<Appended> done) {
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
            done.complete(new Appended(error == null ? Errors.REQUEST_TIMED_OUT : error, baseOffset));
        }
    }
}
