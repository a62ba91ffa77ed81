package io.zkafka.broker.handler;

import io.zkafka.broker.purgatory.DelayedOperation;
import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.common.TopicPartition;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A leader's wait on its followers for several partitions (acks=all, DeleteRecords): done when each
 * partition has its final answer ({@link #outcome}); a partition whose leadership moved away from
 * the epoch it was written under is final at once. The pending partitions are read under their map's
 * monitor, by whichever thread re-checks.
 *
 * @param <P> one partition's wait
 * @param <A> one partition's answer
 */
abstract class DelayedLeaderWait<P, A> extends DelayedOperation {
    final ReplicaManager replicas;
    final Map<TopicPartition, P> pending = new LinkedHashMap<>();

    DelayedLeaderWait(long timeoutMs, ReplicaManager replicas, List<P> waits, Function<P, TopicPartition> partitionOf) {
        super(timeoutMs);
        this.replicas = replicas;
        waits.forEach(p -> pending.put(partitionOf.apply(p), p));
    }

    /** The partitions to watch in the purgatory. */
    final Collection<TopicPartition> keys() {
        return List.copyOf(pending.keySet());
    }

    /** The final answer for a partition, or null while it still waits. */
    abstract A outcome(P wait);

    /** The partition if this broker still leads it under {@code leaderEpoch}, else null. */
    final Partition stillLeading(TopicPartition tp, int leaderEpoch) {
        Partition partition = replicas.partition(tp).orElse(null);
        return partition != null && partition.isLeader() && partition.leaderEpoch() == leaderEpoch ? partition : null;
    }

    @Override
    public final boolean tryComplete() {
        synchronized (pending) {
            for (P wait : pending.values()) {
                if (outcome(wait) == null) {
                    return false;
                }
            }
        }
        return forceComplete();
    }
}
