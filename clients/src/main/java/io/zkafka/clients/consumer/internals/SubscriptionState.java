package io.zkafka.clients.consumer.internals;

import io.zkafka.clients.consumer.OffsetResetStrategy;
import io.zkafka.common.TopicPartition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The consumer's assigned partitions and, per partition, two offsets: the <em>position</em> (the
 * next record {@code poll} returns) and the <em>fetch position</em> (the next offset to fetch,
 * ahead of the position while fetched records wait in the buffer). Every seek or reset bumps the
 * partition's epoch, so fetches sent before it are recognised as stale when they come back.
 * Assignment by {@code assign} only for now; group assignment will set the same state.
 *
 * <p>Thread-safe: every method holds this object's monitor. The application thread changes the
 * assignment and positions; the I/O thread advances fetch positions and files resets.
 */
public final class SubscriptionState {
    private final OffsetResetStrategy defaultResetStrategy;
    private final Map<TopicPartition, PartitionState> assignment = new LinkedHashMap<>();

    private static final class PartitionState {
        Long position;
        long fetchPosition = -1L;
        int epoch;
        boolean paused;
        OffsetResetStrategy resetStrategy;
        boolean resetInFlight;
        boolean fetchInFlight;
        long highWatermark = -1L;
        long logStartOffset = -1L;
        long nextAllowedFetchMs;
    }

    public SubscriptionState(OffsetResetStrategy defaultResetStrategy) {
        this.defaultResetStrategy = defaultResetStrategy;
    }

    public OffsetResetStrategy defaultResetStrategy() {
        return defaultResetStrategy;
    }

    /** Replaces the assignment; partitions kept keep their positions. */
    public synchronized void assignFromUser(Collection<TopicPartition> partitions) {
        Map<TopicPartition, PartitionState> kept = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            PartitionState state = assignment.get(partition);
            kept.put(partition, state != null ? state : new PartitionState());
        }
        assignment.clear();
        assignment.putAll(kept);
    }

    public synchronized Set<TopicPartition> assignedPartitions() {
        return new LinkedHashSet<>(assignment.keySet());
    }

    public synchronized Set<String> assignedTopics() {
        Set<String> topics = new LinkedHashSet<>();
        assignment.keySet().forEach(tp -> topics.add(tp.topic()));
        return topics;
    }

    public synchronized boolean isAssigned(TopicPartition partition) {
        return assignment.containsKey(partition);
    }

    public synchronized boolean hasNoAssignment() {
        return assignment.isEmpty();
    }

    private PartitionState state(TopicPartition partition) {
        PartitionState state = assignment.get(partition);
        if (state == null) {
            throw new IllegalStateException("No current assignment for partition " + partition);
        }
        return state;
    }

    /** Moves both offsets to {@code offset}; fetched data not yet returned is dropped. */
    public synchronized void seek(TopicPartition partition, long offset) {
        PartitionState state = state(partition);
        state.position = offset;
        state.fetchPosition = offset;
        state.resetStrategy = null;
        state.resetInFlight = false;
        state.epoch++;
    }

    /** Forgets the position: the next poll or position call looks it up by {@code strategy}. */
    public synchronized void requestReset(TopicPartition partition, OffsetResetStrategy strategy) {
        PartitionState state = state(partition);
        state.position = null;
        state.fetchPosition = -1L;
        state.resetStrategy = strategy;
        state.resetInFlight = false;
        state.epoch++;
    }

    public synchronized Long position(TopicPartition partition) {
        return state(partition).position;
    }

    public synchronized int epoch(TopicPartition partition) {
        PartitionState state = assignment.get(partition);
        return state == null ? -1 : state.epoch;
    }

    /** Whether the partition is still assigned and nothing moved it since {@code epoch}. */
    public synchronized boolean isCurrent(TopicPartition partition, int epoch) {
        PartitionState state = assignment.get(partition);
        return state != null && state.epoch == epoch;
    }

    /** Advances the position after records were returned, if no seek intervened. */
    public synchronized void updatePosition(TopicPartition partition, int epoch, long position) {
        PartitionState state = assignment.get(partition);
        if (state != null && state.epoch == epoch) {
            state.position = position;
        }
    }

    /** Partitions without a position and the strategy each needs; none means the default is none. */
    public synchronized Map<TopicPartition, OffsetResetStrategy> partitionsNeedingReset(boolean includeInFlight) {
        Map<TopicPartition, OffsetResetStrategy> needing = new LinkedHashMap<>();
        assignment.forEach((tp, state) -> {
            if (state.position == null && (includeInFlight || !state.resetInFlight)) {
                needing.put(tp, state.resetStrategy != null ? state.resetStrategy : defaultResetStrategy);
            }
        });
        return needing;
    }

    public synchronized void markResetInFlight(TopicPartition partition, boolean inFlight) {
        PartitionState state = assignment.get(partition);
        if (state != null) {
            state.resetInFlight = inFlight;
        }
    }

    /** Completes a reset with the offset looked up, unless the partition moved meanwhile. */
    public synchronized void completeReset(TopicPartition partition, int epoch, long offset) {
        PartitionState state = assignment.get(partition);
        if (state != null && state.epoch == epoch && state.position == null) {
            state.position = offset;
            state.fetchPosition = offset;
            state.resetStrategy = null;
            state.resetInFlight = false;
            state.epoch++;
        }
    }

    /** A partition to fetch: where from, and the epoch the answer must still match. */
    public record FetchTarget(TopicPartition partition, long fetchOffset, int epoch) {
    }

    /**
     * The partitions that may be fetched now (assigned, positioned, not paused, not in flight or
     * backing off), marked in flight.
     */
    public synchronized List<FetchTarget> takeFetchable(long nowMs, Predicate<TopicPartition> filter) {
        List<FetchTarget> targets = new ArrayList<>();
        assignment.forEach((tp, state) -> {
            if (state.position != null && state.fetchPosition >= 0 && !state.paused && !state.fetchInFlight
                && nowMs >= state.nextAllowedFetchMs && filter.test(tp)) {
                state.fetchInFlight = true;
                targets.add(new FetchTarget(tp, state.fetchPosition, state.epoch));
            }
        });
        return targets;
    }

    /** A fetch of the partition came back (or failed): it may be fetched again. */
    public synchronized void fetchDone(TopicPartition partition, long backoffUntilMs) {
        PartitionState state = assignment.get(partition);
        if (state != null) {
            state.fetchInFlight = false;
            state.nextAllowedFetchMs = backoffUntilMs;
        }
    }

    /** Moves the fetch position past the batches just received, if no seek intervened. */
    public synchronized void advanceFetchPosition(TopicPartition partition, int epoch, long nextFetchOffset) {
        PartitionState state = assignment.get(partition);
        if (state != null && state.epoch == epoch && nextFetchOffset > state.fetchPosition) {
            state.fetchPosition = nextFetchOffset;
        }
    }

    public synchronized void updateOffsets(TopicPartition partition, long highWatermark, long logStartOffset) {
        PartitionState state = assignment.get(partition);
        if (state != null) {
            state.highWatermark = highWatermark;
            state.logStartOffset = logStartOffset;
        }
    }

    /**
     * How far the position is behind the partition's end (the high watermark, or the last stable
     * offset for read_committed), or -1 when the partition is not assigned or either is unknown.
     */
    public synchronized long lag(TopicPartition partition) {
        PartitionState state = assignment.get(partition);
        if (state == null || state.position == null || state.highWatermark < 0) {
            return -1L;
        }
        return Math.max(0L, state.highWatermark - state.position);
    }

    public synchronized long highWatermark(TopicPartition partition) {
        return state(partition).highWatermark;
    }

    public synchronized void pause(TopicPartition partition) {
        state(partition).paused = true;
    }

    public synchronized void resume(TopicPartition partition) {
        state(partition).paused = false;
    }

    public synchronized boolean isPaused(TopicPartition partition) {
        PartitionState state = assignment.get(partition);
        return state != null && state.paused;
    }

    public synchronized Set<TopicPartition> pausedPartitions() {
        Set<TopicPartition> paused = new LinkedHashSet<>();
        assignment.forEach((tp, state) -> {
            if (state.paused) {
                paused.add(tp);
            }
        });
        return paused;
    }
}
