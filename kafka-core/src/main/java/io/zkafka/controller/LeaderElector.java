package io.zkafka.controller;

import io.zkafka.coordination.LeaderAndIsr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides a partition's next leader when its leader is gone: the first live replica, in assignment
 * order, that is in the ISR. With none, the partition goes offline (leader -1) keeping its ISR, so
 * the last in-sync replica leads again when it returns; only an unclean election may pick a live
 * replica outside the ISR (and may lose data). Stateless.
 */
public final class LeaderElector {
    private LeaderElector() {
    }

    /** The new state, or empty when the current one needs no change. */
    public static Optional<LeaderAndIsr> electIfNeeded(LeaderAndIsr current, List<Integer> replicas,
                                                       Set<Integer> liveBrokers, boolean uncleanAllowed,
                                                       int controllerEpoch) {
        if (current.leader() != LeaderAndIsr.NO_LEADER && liveBrokers.contains(current.leader())) {
            return Optional.empty();
        }
        List<Integer> liveIsr = new ArrayList<>();
        for (int replica : replicas) {
            if (current.isr().contains(replica) && liveBrokers.contains(replica)) {
                liveIsr.add(replica);
            }
        }
        if (!liveIsr.isEmpty()) {
            return Optional.of(current.newLeader(liveIsr.get(0), liveIsr, controllerEpoch));
        }
        if (uncleanAllowed) {
            for (int replica : replicas) {
                if (liveBrokers.contains(replica)) {
                    return Optional.of(current.newLeader(replica, List.of(replica), controllerEpoch));
                }
            }
        }
        if (current.leader() == LeaderAndIsr.NO_LEADER) {
            return Optional.empty(); // already offline; nothing better to do until a replica returns
        }
        return Optional.of(current.newLeader(LeaderAndIsr.NO_LEADER, current.isr(), controllerEpoch));
    }
}
