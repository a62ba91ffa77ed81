package io.zkafka.broker.replica;

import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.LeaderAndIsr;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether this broker may create, empty, the log of a partition it is handed but has no log
 * for (the equivalent of Kafka's LeaderAndIsr {@code isNew}). A replica that was assigned here when
 * this broker started held data before: its log is missing because its folder was wiped or replaced,
 * or lies in a log dir that is offline. Created empty, it could be elected leader from the ISR and
 * acknowledged records would be lost. So such a replica is <em>withheld</em>: it is neither led nor
 * followed, it is published with the offline replicas (the controller takes it out of the ISR and
 * never elects it), and its log is created only once the ISR no longer holds it and every log dir is
 * online; it then catches up like a new replica before the leader puts it back in the ISR. With a log
 * dir offline it stays withheld until a restart (its log may be there; a second copy elsewhere would
 * clash when the folder comes back). A replica assigned here after the start (a topic or partition
 * created, a reassignment) is new and is created at once.
 *
 * <p>Threads: decisions on the cluster watcher thread; {@link #isWithheld} and {@link #withheld} from
 * any thread (concurrent sets).
 */
final class MissingLogGuard {
    private static final Logger log = LoggerFactory.getLogger(MissingLogGuard.class);

    private final int brokerId;
    /** Partitions assigned here in the first snapshot after start; null until it arrives. */
    private volatile Set<TopicPartition> assignedAtStart;
    private final Set<TopicPartition> withheld = ConcurrentHashMap.newKeySet();
    private volatile Runnable onChange = () -> { };

    MissingLogGuard(int brokerId) {
        this.brokerId = brokerId;
    }

    /** Called with every snapshot: only the first one, right after start, counts. */
    void onSnapshot(Collection<TopicPartition> assignedHere) {
        if (assignedAtStart == null) {
            Set<TopicPartition> start = ConcurrentHashMap.newKeySet();
            start.addAll(assignedHere);
            assignedAtStart = start;
        }
    }

    /** Runs (on the deciding thread) whenever the withheld set changes: the broker publishes it again. */
    void onChange(Runnable action) {
        this.onChange = action;
    }

    /** Whether the log of a replica assigned here after the start may be created in a batch, unchecked. */
    boolean isNew(TopicPartition tp) {
        Set<TopicPartition> start = assignedAtStart;
        return start != null && !start.contains(tp);
    }

    /**
     * Whether the missing log of {@code tp} may be created now, given the state being applied.
     *
     * @param anyLogDirOffline whether a log dir of this broker is offline
     */
    boolean mayCreate(TopicPartition tp, LeaderAndIsr state, boolean anyLogDirOffline) {
        if (isNew(tp)) {
            return true;
        }
        boolean inIsr = state.isr().contains(brokerId) || state.leader() == brokerId;
        if (!inIsr && !anyLogDirOffline) {
            if (withheld.remove(tp)) {
                log.info("Creating the log of {} empty: broker {} is out of its ISR now, it catches up before"
                    + " rejoining", tp, brokerId);
                onChange.run();
            }
            return true;
        }
        if (withheld.add(tp)) {
            log.warn("Broker {} has no log for {}, which was assigned to it before this start ({}): not creating"
                    + " it empty; the replica is offline here until {}", brokerId, tp,
                anyLogDirOffline ? "a log dir is offline, the log may be in it" : "its folder was wiped or replaced,"
                    + " and it is in the ISR " + state.isr() + " (leader " + state.leader() + ")",
                anyLogDirOffline ? "a restart with every log dir online" : "the controller takes it out of the ISR");
            onChange.run();
        }
        return false;
    }

    boolean isWithheld(TopicPartition tp) {
        return withheld.contains(tp);
    }

    Set<TopicPartition> withheld() {
        return Set.copyOf(withheld);
    }

    /** The partition is no longer assigned here: a later assignment is new. */
    void forget(TopicPartition tp) {
        Set<TopicPartition> start = assignedAtStart;
        if (start != null) {
            start.remove(tp);
        }
        if (withheld.remove(tp)) {
            onChange.run();
        }
    }
}
