package io.zkafka.controller;

import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.ControllerEpoch;
import io.zkafka.coordination.ControllerMovedException;
import io.zkafka.coordination.CoordinationException;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.coordination.PartitionState;
import io.zkafka.coordination.UpdateResult;
import io.zkafka.metadata.MetadataCache;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a per-partition decision to partition states in ZooKeeper: reads the freshest state it
 * knows, asks the decision for the next one, and writes it conditionally on the znode version. A
 * write that loses a version race (a leader changed its ISR meanwhile) is re-read from ZooKeeper
 * and decided again, once. The states it wrote are remembered until the broker's metadata image
 * has caught up, so decisions made back to back do not start from a stale version. Leader changes
 * are timed into {@link ControllerStats}.
 *
 * <p>Confined to the controller thread. A {@link ControllerMovedException}
 * is passed to the caller, which stands down.
 */
final class PartitionStateUpdater {
    private static final Logger log = LoggerFactory.getLogger(PartitionStateUpdater.class);

    /** Above this many states in one write, each is logged at debug and the batch once at info. */
    private static final int LOGGED_ONE_BY_ONE = 20;

    private final PartitionStateStore store;
    private final MetadataCache metadata;
    private final ControllerStats stats;
    private final Map<TopicPartition, PartitionState> written = new HashMap<>();

    PartitionStateUpdater(PartitionStateStore store, MetadataCache metadata, ControllerStats stats) {
        this.store = store;
        this.metadata = metadata;
        this.stats = stats;
    }

    /** The freshest state known: this controller's own last write, or the metadata image's. */
    Optional<PartitionState> current(TopicPartition tp) {
        Optional<PartitionState> seen = metadata.image().state(tp);
        PartitionState mine = written.get(tp);
        if (mine == null) {
            return seen;
        }
        if (seen.isPresent() && seen.get().zkVersion() >= mine.zkVersion()) {
            written.remove(tp);
            return seen;
        }
        return Optional.of(mine);
    }

    /** Forgets what this controller wrote (on resigning: a successor may have written since). */
    void reset() {
        written.clear();
    }

    /**
     * Decides and writes each partition's next state; returns the states written, by partition.
     * Partitions without a state, or whose decision is empty, are left alone.
     */
    Map<TopicPartition, LeaderAndIsr> update(ControllerEpoch epoch, Collection<TopicPartition> partitions,
                                             Function<PartitionState, Optional<LeaderAndIsr>> decide) {
        Map<TopicPartition, LeaderAndIsr> done = new LinkedHashMap<>();
        Map<TopicPartition, LeaderAndIsr> before = new HashMap<>();
        List<PartitionState> changes = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            current(tp).ifPresent(state -> decide.apply(state).ifPresent(next -> {
                before.put(tp, state.leaderAndIsr());
                changes.add(state.withLeaderAndIsr(next));
            }));
        }
        List<PartitionState> stale = write(epoch, changes, before, done);
        List<PartitionState> retry = new ArrayList<>();
        if (!stale.isEmpty()) {
            try {
                store.partitionStates(stale.stream().map(PartitionState::partition).toList()).values()
                    .forEach(fresh -> decide.apply(fresh).ifPresent(next -> {
                        before.put(fresh.partition(), fresh.leaderAndIsr());
                        retry.add(fresh.withLeaderAndIsr(next));
                    }));
            } catch (CoordinationException e) {
                log.warn("Cannot re-read the states of {} partitions: {}", stale.size(), e.getMessage());
            }
        }
        write(epoch, retry, before, done);
        return done;
    }

    /** Writes the changes, adds the successes to {@code done}, returns those that lost a version race. */
    private List<PartitionState> write(ControllerEpoch epoch, List<PartitionState> changes,
                                       Map<TopicPartition, LeaderAndIsr> before, Map<TopicPartition, LeaderAndIsr> done) {
        if (changes.isEmpty()) {
            return List.of();
        }
        long started = System.nanoTime();
        Map<TopicPartition, UpdateResult> results;
        try {
            results = store.updatePartitionStates(epoch, changes);
        } catch (ControllerMovedException e) {
            throw e;
        } catch (CoordinationException e) {
            log.warn("Partition state writes failed ({}); retried on the next cluster change", e.getMessage());
            return List.of();
        }
        int leaderChanges = 0;
        int applied = 0;
        List<PartitionState> stale = new ArrayList<>();
        for (PartitionState change : changes) {
            UpdateResult result = results.get(change.partition());
            if (result != null && result.succeeded()) {
                LeaderAndIsr next = change.leaderAndIsr();
                written.put(change.partition(), new PartitionState(change.partition(), next, result.zkVersion()));
                done.put(change.partition(), next);
                applied++;
                LeaderAndIsr previous = before.get(change.partition());
                if (previous.leaderEpoch() != next.leaderEpoch() && next.leader() != LeaderAndIsr.NO_LEADER) {
                    leaderChanges++;
                    if (!previous.isr().contains(next.leader())) {
                        stats.recordUncleanElection();
                    }
                }
                if (changes.size() <= LOGGED_ONE_BY_ONE) {
                    log.info("Partition {}: leader {} at epoch {}, ISR {}", change.partition(), next.leader(),
                        next.leaderEpoch(), next.isr());
                } else {
                    log.debug("Partition {}: leader {} at epoch {}, ISR {}", change.partition(), next.leader(),
                        next.leaderEpoch(), next.isr());
                }
            } else if (result != null && result.status() == UpdateResult.Status.BAD_VERSION) {
                stale.add(change);
            }
        }
        if (leaderChanges > 0) {
            stats.recordLeaderElections(leaderChanges, System.nanoTime() - started);
        }
        if (changes.size() > LOGGED_ONE_BY_ONE) {
            log.info("Wrote {} of {} partition states ({} leader changes) in {} ms", applied, changes.size(),
                leaderChanges, (System.nanoTime() - started) / 1_000_000);
        }
        return stale;
    }
}
