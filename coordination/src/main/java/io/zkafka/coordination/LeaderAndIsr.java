package io.zkafka.coordination;

import java.util.List;

/**
 * The content of a partition state znode: the leader (-1 when none), the leader epoch, the in-sync
 * replicas and the epoch of the controller that last elected the leader. Immutable.
 */
public record LeaderAndIsr(int leader, int leaderEpoch, List<Integer> isr, int controllerEpoch) {
    /** The leader value meaning "no leader". */
    public static final int NO_LEADER = -1;

    public LeaderAndIsr {
        isr = List.copyOf(isr);
        if (leader < NO_LEADER) {
            throw new IllegalArgumentException("leader must be >= -1, got " + leader);
        }
        if (leaderEpoch < 0) {
            throw new IllegalArgumentException("leader epoch must be >= 0, got " + leaderEpoch);
        }
    }

    /** The same leader and epochs with a new ISR (what a leader writes when the ISR shrinks or grows). */
    public LeaderAndIsr withIsr(List<Integer> newIsr) {
        return new LeaderAndIsr(leader, leaderEpoch, newIsr, controllerEpoch);
    }

    /** A new leader with the leader epoch bumped, as a controller's election writes it. */
    public LeaderAndIsr newLeader(int newLeader, List<Integer> newIsr, int newControllerEpoch) {
        return new LeaderAndIsr(newLeader, leaderEpoch + 1, newIsr, newControllerEpoch);
    }
}
