package io.zkafka.broker.replica;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.storage.FileSlice;
import io.zkafka.storage.Log;
import io.zkafka.storage.LogAppendInfo;
import io.zkafka.storage.producer.AppendOrigin;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * One partition hosted by this broker: its log and its role. As leader it tracks each follower's
 * log end offset; the high watermark is the smallest log end offset among the in-sync replicas,
 * and it does not move while fewer than {@code min.insync.replicas} are in sync. The leader decides
 * ISR changes (a follower that has not caught up for {@code replica.lag.time.max.ms} leaves, one
 * that reaches the high watermark rejoins); {@link ReplicaManager} writes them to ZooKeeper and
 * applies what was written.
 *
 * <p>As leader it also knows where its log end and high watermark lie in the bytes it appended
 * this term ({@link OffsetPosition}), so a waiting fetch can tell whether enough has arrived by
 * comparing positions instead of reading the log.
 *
 * <p>Thread-safe. Role, ISR, follower states, the term's byte count and the batch ends above the
 * high watermark are guarded by the private {@code lock}; appends hold it only around the log
 * append (appends to one partition are serialized anyway), and reads of the log take no lock. The
 * two positions are published (volatile) under the lock, each after the offset it describes.
 */
public final class Partition {
    private final TopicPartition topicPartition;
    private final Log log;
    private final int localBrokerId;
    private final IntSupplier minInsyncReplicas;
    private final LongSupplier clock;
    private final Object lock = new Object();
    private volatile boolean leader;
    private volatile int leaderEpoch = -1;
    private volatile int leaderId = LeaderAndIsr.NO_LEADER;
    private volatile List<Integer> isr = List.of();
    private int stateZkVersion = -1;
    private int stateControllerEpoch = -1;
    private List<Integer> replicas = List.of();
    private long leaderEpochStartOffset;
    private boolean isrChangeInFlight;
    /**
     * The follower an ISR expansion being written adds, or -1. It counts for the high watermark
     * from the moment the expansion is asked for (Kafka's "maximal ISR", KIP-497): once the write
     * lands, the controller may elect it, so nothing it lacks may be acknowledged meanwhile.
     */
    private int joiningFollower = -1;
    private final Map<Integer, FollowerState> followers = new HashMap<>();
    /** Bumped on every change of role: byte positions of different terms do not compare. */
    private long term;
    /** Bytes appended as leader in this term. */
    private long termBytes;
    /** Where each batch appended above the high watermark ends, oldest first, at most {@link #MAX_BATCH_ENDS}. */
    private final ArrayDeque<OffsetPosition> batchEnds = new ArrayDeque<>();
    private volatile OffsetPosition endPosition = new OffsetPosition(-1, 0, OffsetPosition.UNKNOWN_BYTES);
    private volatile OffsetPosition highWatermarkPosition = endPosition;

    /**
     * How many batch ends above the high watermark a leader remembers; beyond that (a watermark
     * frozen below min.insync.replicas) the oldest are forgotten and the watermark's position becomes
     * unknown when it reaches them, which waiting fetches take as "enough".
     */
    static final int MAX_BATCH_ENDS = 4096;

    Partition(TopicPartition topicPartition, Log log, int localBrokerId, IntSupplier minInsyncReplicas,
              LongSupplier clock) {
        this.topicPartition = topicPartition;
        this.log = log;
        this.localBrokerId = localBrokerId;
        this.minInsyncReplicas = minInsyncReplicas;
        this.clock = clock;
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

    public int leaderId() {
        return leaderId;
    }

    public List<Integer> isr() {
        return isr;
    }

    public int minInsyncReplicas() {
        return minInsyncReplicas.getAsInt();
    }

    public boolean isUnderMinIsr() {
        return leader && isr.size() < minInsyncReplicas.getAsInt();
    }

    public boolean isUnderReplicated() {
        synchronized (lock) {
            return leader && isr.size() < replicas.size();
        }
    }

    /**
     * Applies a partition state from ZooKeeper in which this broker leads. A new epoch starts a new
     * term (followers tracked afresh, the epoch's start offset recorded); the same epoch only
     * updates the ISR and its znode version (the controller removed a dead replica, or our own
     * write came back). Returns false for a state older than the one known.
     */
    boolean applyLeaderState(LeaderAndIsr state, int zkVersion, List<Integer> assignedReplicas) {
        synchronized (lock) {
            if (state.leaderEpoch() < leaderEpoch || state.leaderEpoch() == leaderEpoch && zkVersion < stateZkVersion) {
                return false;
            }
            long now = clock.getAsLong();
            if (!leader || state.leaderEpoch() != leaderEpoch) {
                log.assignEpochStartOffset(state.leaderEpoch());
                leaderEpochStartOffset = log.logEndOffset();
                followers.clear();
                startTerm(0);
            }
            leaderEpoch = state.leaderEpoch();
            leaderId = localBrokerId;
            stateZkVersion = zkVersion;
            stateControllerEpoch = state.controllerEpoch();
            replicas = List.copyOf(assignedReplicas);
            isr = List.copyOf(state.isr());
            for (int replica : replicas) {
                if (replica != localBrokerId) {
                    followers.computeIfAbsent(replica, r -> new FollowerState(now));
                }
            }
            followers.keySet().retainAll(replicas);
            leader = true;
            isrChangeInFlight = false;
            joiningFollower = -1;
            advanceHighWatermark();
            publishHighWatermarkPosition();
            return true;
        }
    }

    /** Applies a state in which another broker leads, or none does. Returns false for an older state. */
    boolean applyFollowerState(LeaderAndIsr state, int zkVersion, List<Integer> assignedReplicas) {
        synchronized (lock) {
            if (state.leaderEpoch() < leaderEpoch) {
                return false;
            }
            leaderEpoch = state.leaderEpoch();
            leaderId = state.leader();
            stateZkVersion = zkVersion;
            stateControllerEpoch = state.controllerEpoch();
            replicas = List.copyOf(assignedReplicas);
            isr = List.copyOf(state.isr());
            if (leader) {
                startTerm(OffsetPosition.UNKNOWN_BYTES);
            }
            leader = false;
            followers.clear();
            isrChangeInFlight = false;
            joiningFollower = -1;
            return true;
        }
    }

    /**
     * Appends a producer's batches with this leader's epoch. With acks=all the append is refused
     * unless at least {@code min.insync.replicas} replicas are in sync.
     *
     * @throws NotLeaderException when this broker does not lead the partition
     * @throws NotEnoughReplicasException with acks=all and too few replicas in sync
     */
    public LeaderAppend appendAsLeader(ByteBuffer batches, short requiredAcks)
        throws IOException, NotLeaderException, NotEnoughReplicasException {
        return appendAsLeader(batches, requiredAcks, AppendOrigin.CLIENT);
    }

    /**
     * {@link #appendAsLeader(ByteBuffer, short)} for a producer's batches ({@link AppendOrigin#CLIENT}) or
     * a coordinator's on this broker ({@link AppendOrigin#COORDINATOR}: transaction markers, transactional
     * offset commits), which the log checks by Kafka's rules for each.
     */
    public LeaderAppend appendAsLeader(ByteBuffer batches, short requiredAcks, AppendOrigin origin)
        throws IOException, NotLeaderException, NotEnoughReplicasException {
        synchronized (lock) {
            if (!leader) {
                throw new NotLeaderException("Broker " + localBrokerId + " does not lead " + topicPartition);
            }
            int minIsr = minInsyncReplicas.getAsInt();
            if (requiredAcks == -1 && isr.size() < minIsr) {
                throw new NotEnoughReplicasException(topicPartition + " has " + isr.size()
                    + " in-sync replica(s) " + isr + ", fewer than min.insync.replicas=" + minIsr);
            }
            LogAppendInfo info = log.append(batches, leaderEpoch, origin);
            recordBatchEnds(batches, info);
            advanceHighWatermark();
            publishHighWatermarkPosition();
            return new LeaderAppend(info, leaderEpoch);
        }
    }

    /**
     * What a follower's fetch changed at the leader: whether the high watermark moved, whether the low
     * watermark may have (the follower's log start moved while it is in the ISR), and the ISR the leader
     * now wants if the follower should rejoin it (a write for ReplicaManager). The common outcomes are
     * shared constants: a fetch allocates nothing here.
     */
    public record FollowerFetchOutcome(boolean highWatermarkMoved, boolean lowWatermarkMayHaveMoved,
                                       Optional<List<Integer>> isrToWrite) {
        private static final FollowerFetchOutcome[] UNCHANGED_ISR = {
            new FollowerFetchOutcome(false, false, Optional.empty()),
            new FollowerFetchOutcome(true, false, Optional.empty()),
            new FollowerFetchOutcome(false, true, Optional.empty()),
            new FollowerFetchOutcome(true, true, Optional.empty())};

        static FollowerFetchOutcome of(boolean highWatermarkMoved, boolean lowWatermarkMayHaveMoved) {
            return UNCHANGED_ISR[(highWatermarkMoved ? 1 : 0) + (lowWatermarkMayHaveMoved ? 2 : 0)];
        }
    }

    /**
     * A follower fetched from {@code fetchOffset}: it has everything before it; its log starts at
     * {@code followerLogStart} (-1: not said). The high watermark may advance; see {@link FollowerFetchOutcome}.
     */
    public FollowerFetchOutcome onFollowerFetch(int followerId, long fetchOffset, long followerLogStart) {
        synchronized (lock) {
            FollowerState follower = followers.get(followerId);
            if (!leader || follower == null) {
                return FollowerFetchOutcome.of(false, false);
            }
            long highWatermarkBefore = log.highWatermark();
            long logStartBefore = follower.logStartOffset;
            follower.onFetch(fetchOffset, followerLogStart, log.logEndOffset(), clock.getAsLong());
            advanceHighWatermark();
            publishHighWatermarkPosition();
            boolean highWatermarkMoved = log.highWatermark() != highWatermarkBefore;
            boolean inIsr = isr.contains(followerId);
            boolean lowWatermarkMayHaveMoved = inIsr && follower.logStartOffset != logStartBefore;
            boolean rejoins = !inIsr && fetchOffset >= log.highWatermark()
                && fetchOffset >= leaderEpochStartOffset && !isrChangeInFlight;
            if (!rejoins) {
                return FollowerFetchOutcome.of(highWatermarkMoved, lowWatermarkMayHaveMoved);
            }
            Set<Integer> expanded = new LinkedHashSet<>(isr);
            expanded.add(followerId);
            isrChangeInFlight = true;
            joiningFollower = followerId;
            return new FollowerFetchOutcome(highWatermarkMoved, false, Optional.of(List.copyOf(expanded)));
        }
    }

    /**
     * Followers in the ISR that have not caught up for {@code lagMaxMs}: the ISR without them, if
     * any must leave and no ISR change is already being written.
     */
    Optional<List<Integer>> isrToShrinkTo(long lagMaxMs) {
        synchronized (lock) {
            if (!leader || isrChangeInFlight) {
                return Optional.empty();
            }
            long now = clock.getAsLong();
            List<Integer> kept = new ArrayList<>();
            for (int replica : isr) {
                FollowerState follower = followers.get(replica);
                boolean lagging = replica != localBrokerId
                    && (follower == null || now - follower.lastCaughtUpTimeMs > lagMaxMs);
                if (!lagging) {
                    kept.add(replica);
                }
            }
            if (kept.size() == isr.size()) {
                return Optional.empty();
            }
            isrChangeInFlight = true;
            return Optional.of(List.copyOf(kept));
        }
    }

    /** The state to write for a new ISR, as of the znode version this leader last saw. */
    Optional<WriteIntent> isrWriteIntent(List<Integer> newIsr) {
        synchronized (lock) {
            if (!leader) {
                isrChangeInFlight = false;
                joiningFollower = -1;
                return Optional.empty();
            }
            return Optional.of(new WriteIntent(new LeaderAndIsr(localBrokerId, leaderEpoch, newIsr,
                stateControllerEpoch), stateZkVersion, leaderEpoch));
        }
    }

    /** What an append as leader wrote, and in which leader epoch. */
    public record LeaderAppend(LogAppendInfo info, int leaderEpoch) {
    }

    /** A leader's ISR write: the state, the znode version it expects, and the epoch it was made in. */
    record WriteIntent(LeaderAndIsr state, int expectedZkVersion, int epoch) {
    }

    /** The ISR write landed at {@code zkVersion}: adopt it (unless the epoch moved on meanwhile). */
    void onIsrWritten(WriteIntent intent, int zkVersion) {
        synchronized (lock) {
            isrChangeInFlight = false;
            joiningFollower = -1;
            if (!leader || leaderEpoch != intent.epoch() || zkVersion <= stateZkVersion) {
                return;
            }
            stateZkVersion = zkVersion;
            isr = List.copyOf(intent.state().isr());
            advanceHighWatermark();
            publishHighWatermarkPosition();
        }
    }

    /** The write lost a version race or failed: wait for the fresh state, then decide again. */
    void onIsrWriteFailed() {
        synchronized (lock) {
            isrChangeInFlight = false;
            joiningFollower = -1;
        }
    }

    /** Batches from {@code offset}; consumers see only what is below the high watermark. */
    public FileSlice read(long offset, int maxBytes, boolean upToHighWatermark) throws IOException {
        return log.read(offset, maxBytes, upToHighWatermark ? log.highWatermark() : Long.MAX_VALUE);
    }

    /** Whole batches from {@code offset}, none holding {@code endOffset} or later. */
    public FileSlice read(long offset, int maxBytes, long endOffset) throws IOException {
        return log.read(offset, maxBytes, endOffset);
    }

    /** The log end offset and where it lies in this leader term's bytes. */
    public OffsetPosition endPosition() {
        return endPosition;
    }

    /** The high watermark and where it lies in this leader term's bytes (unknown below the term's appends). */
    public OffsetPosition highWatermarkPosition() {
        return highWatermarkPosition;
    }

    public long highWatermark() {
        return log.highWatermark();
    }

    /** Where read_committed consumers' reads end: see {@link Log#lastStableOffset()}. */
    public long lastStableOffset() {
        return log.lastStableOffset();
    }

    /**
     * The last stable offset as a position for waiting read_committed fetches: the high watermark's
     * position when the two are equal (no transaction holds it back); otherwise its offset with unknown
     * bytes, so a wait completes as soon as it moves (a marker's bytes say nothing of what becomes readable).
     */
    public OffsetPosition lastStablePosition() {
        OffsetPosition watermark = highWatermarkPosition;
        long lastStable = log.lastStableOffset();
        return lastStable == watermark.offset() ? watermark
            : new OffsetPosition(lastStable, watermark.term(), OffsetPosition.UNKNOWN_BYTES);
    }

    public long logStartOffset() {
        return log.logStartOffset();
    }

    public long logEndOffset() {
        return log.logEndOffset();
    }

    /**
     * Kafka's low watermark, as DeleteRecords answers it: the lowest log start offset of this leader
     * and the followers in the ISR (a follower that has not yet said counts as its first offset, 0), or
     * -1 when this broker is not the leader. A follower out of the ISR cannot be elected without
     * catching up, which moves its log start to the leader's.
     */
    public long lowWatermark() {
        synchronized (lock) {
            if (!leader) {
                return -1L;
            }
            long low = log.logStartOffset();
            for (int replica : isr) {
                FollowerState follower = followers.get(replica);
                if (follower != null) {
                    low = Math.min(low, Math.max(0, follower.logStartOffset));
                }
            }
            return low;
        }
    }

    /** The largest lag (in offsets) of a follower in the ISR behind this leader's log end. */
    public long maxFollowerLag() {
        synchronized (lock) {
            long end = log.logEndOffset();
            long max = 0;
            for (Map.Entry<Integer, FollowerState> entry : followers.entrySet()) {
                if (entry.getValue().logEndOffset >= 0) {
                    max = Math.max(max, end - entry.getValue().logEndOffset);
                }
            }
            return max;
        }
    }

    /** A new term: byte positions start again from {@code firstBytes} at the log end; callers hold the lock. */
    private void startTerm(long firstBytes) {
        term++;
        termBytes = 0;
        batchEnds.clear();
        endPosition = new OffsetPosition(log.logEndOffset(), term, firstBytes);
        if (endPosition.isKnown()) {
            rememberBatchEnd(endPosition); // the watermark may reach the term's start from below
        }
        highWatermarkPosition = new OffsetPosition(log.highWatermark(), term,
            log.highWatermark() == log.logEndOffset() ? firstBytes : OffsetPosition.UNKNOWN_BYTES);
    }

    /**
     * Remembers where each appended batch ends (one batch per append but for multi-batch produces,
     * whose stamped headers are walked in memory) and publishes the new log end position; callers
     * hold the lock.
     */
    private void recordBatchEnds(ByteBuffer batches, LogAppendInfo info) {
        if (info.batchCount() <= 1) {
            termBytes += info.sizeInBytes();
            rememberBatchEnd(new OffsetPosition(info.lastOffset() + 1, term, termBytes));
        } else {
            RecordBatchView view = new RecordBatchView();
            for (int at = batches.position(); at < batches.limit(); at += view.sizeInBytes()) {
                view.wrap(batches, at);
                termBytes += view.sizeInBytes();
                rememberBatchEnd(new OffsetPosition(view.nextOffset(), term, termBytes));
            }
        }
        endPosition = new OffsetPosition(log.logEndOffset(), term, termBytes);
    }

    private void rememberBatchEnd(OffsetPosition end) {
        if (batchEnds.size() >= MAX_BATCH_ENDS) {
            batchEnds.pollFirst();
        }
        batchEnds.addLast(end);
    }

    /** Publishes where the high watermark lies, forgetting batch ends below it; callers hold the lock. */
    private void publishHighWatermarkPosition() {
        long highWatermark = log.highWatermark();
        OffsetPosition published = highWatermarkPosition;
        if (published.offset() == highWatermark && published.term() == term) {
            return;
        }
        while (!batchEnds.isEmpty() && batchEnds.peekFirst().offset() < highWatermark) {
            batchEnds.pollFirst();
        }
        OffsetPosition end = endPosition;
        OffsetPosition next;
        if (end.offset() == highWatermark && end.term() == term) {
            next = end;
        } else if (!batchEnds.isEmpty() && batchEnds.peekFirst().offset() == highWatermark) {
            next = batchEnds.peekFirst();
        } else {
            next = new OffsetPosition(highWatermark, term, OffsetPosition.UNKNOWN_BYTES);
        }
        highWatermarkPosition = next;
    }

    /**
     * Moves the high watermark to the smallest log end offset in the ISR and of a follower joining
     * it; callers hold the lock.
     */
    private void advanceHighWatermark() {
        if (!leader || isr.size() < minInsyncReplicas.getAsInt()) {
            return;
        }
        long candidate = log.logEndOffset();
        for (int replica : isr) {
            if (replica == localBrokerId) {
                continue;
            }
            FollowerState follower = followers.get(replica);
            if (follower == null || follower.logEndOffset < 0) {
                return; // a follower we have not heard from this term holds the watermark where it is
            }
            candidate = Math.min(candidate, follower.logEndOffset);
        }
        FollowerState joining = joiningFollower < 0 ? null : followers.get(joiningFollower);
        if (joining != null && joining.logEndOffset >= 0) {
            candidate = Math.min(candidate, joining.logEndOffset);
        }
        if (candidate > log.highWatermark()) {
            log.updateHighWatermark(candidate);
        }
    }

    @Override
    public String toString() {
        return "Partition(" + topicPartition + ", leader=" + leaderId + ", epoch=" + leaderEpoch + ", isr=" + isr + ")";
    }
}
