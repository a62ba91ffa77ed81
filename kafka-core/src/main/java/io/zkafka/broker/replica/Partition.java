package io.zkafka.broker.replica;

import io.zkafka.common.TopicPartition;
import io.zkafka.storage.FileSlice;
import io.zkafka.storage.Log;
import io.zkafka.storage.LogAppendInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One partition hosted by this broker: its log and its role (leader at an epoch, or not). The
 * high watermark is the smallest log end offset among the in-sync replicas; with this broker the
 * only one in sync it is the log end offset.
 *
 * <p>Thread-safe. Appends are serialized by the log; the role is changed by the coordination
 * listener thread under the private {@code roleLock}, and an append holds that lock only to read the
 * role, so an append never carries a stale epoch into the log after the role changed.
 */
public final class Partition {
    private final TopicPartition topicPartition;
    private final Log log;
    private final int localBrokerId;
    private final Object roleLock = new Object();
    private volatile boolean leader;
    private volatile int leaderEpoch = -1;
    private volatile List<Integer> isr = List.of();

    Partition(TopicPartition topicPartition, Log log, int localBrokerId) {
        this.topicPartition = topicPartition;
        this.log = log;
        this.localBrokerId = localBrokerId;
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Log log() {
        return log;
    }

    public boolean isLeader() {
        return leader;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    public List<Integer> isr() {
        return isr;
    }

    /** Becomes the leader at {@code epoch}; returns false when the epoch is older than the one known. */
    boolean makeLeader(int epoch, List<Integer> inSyncReplicas) {
        synchronized (roleLock) {
            if (epoch < leaderEpoch) {
                return false;
            }
            leaderEpoch = epoch;
            isr = List.copyOf(inSyncReplicas);
            leader = true;
            advanceHighWatermark();
            return true;
        }
    }

    /** Stops leading (another broker leads at {@code epoch}, or nobody does). */
    boolean makeNotLeader(int epoch) {
        synchronized (roleLock) {
            if (epoch < leaderEpoch) {
                return false;
            }
            leaderEpoch = epoch;
            leader = false;
            return true;
        }
    }

    /**
     * Appends a producer's batches with this leader's epoch, then advances the high watermark.
     *
     * @throws NotLeaderException when this broker does not lead the partition
     */
    public LogAppendInfo appendAsLeader(ByteBuffer batches) throws IOException, NotLeaderException {
        LogAppendInfo info;
        synchronized (roleLock) {
            if (!leader) {
                throw new NotLeaderException("Broker " + localBrokerId + " does not lead " + topicPartition);
            }
            info = log.append(batches, leaderEpoch);
            advanceHighWatermark();
        }
        return info;
    }

    /** Batches from {@code offset}; consumers see only what is below the high watermark. */
    public FileSlice read(long offset, int maxBytes, boolean upToHighWatermark) throws IOException {
        return log.read(offset, maxBytes, upToHighWatermark ? log.highWatermark() : Long.MAX_VALUE);
    }

    public long highWatermark() {
        return log.highWatermark();
    }

    public long logStartOffset() {
        return log.logStartOffset();
    }

    public long logEndOffset() {
        return log.logEndOffset();
    }

    private void advanceHighWatermark() {
        if (isr.size() <= 1) {
            log.updateHighWatermark(log.logEndOffset());
        }
    }

    @Override
    public String toString() {
        return "Partition(" + topicPartition + ", leader=" + leader + ", epoch=" + leaderEpoch + ")";
    }
}
