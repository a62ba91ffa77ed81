package io.zkafka.controller;

import io.zkafka.common.protocol.Errors;
import io.zkafka.coordination.LeaderAndIsr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The controller's per-partition decisions, as pure functions of the current state, the assignment
 * (whose first replica is the preferred leader) and the brokers that may lead. {@code live} are the
 * registered brokers; {@code electable} those of them that may take leadership (live and not in a
 * controlled shutdown). A leader change bumps the leader epoch; an ISR-only change keeps it. Every
 * written state carries the deciding controller's epoch, so brokers do not ignore it. Stateless.
 */
public final class LeaderElector {
    private LeaderElector() {
    }

    /**
     * After brokers came or went: a partition whose leader is gone gets the first electable ISR
     * member in assignment order (ISR: its live members), or an electable replica outside the ISR
     * when {@code uncleanAllowed}, or goes offline (leader -1) keeping its ISR so the last in-sync
     * replica leads again when it returns. A partition whose leader lives loses its dead followers
     * from the ISR, so acks=all producers do not wait for them.
     */
    public static Election afterBrokerChange(LeaderAndIsr current, List<Integer> replicas, Set<Integer> live,
                                             Set<Integer> electable, boolean uncleanAllowed, int controllerEpoch) {
        if (current.leader() != LeaderAndIsr.NO_LEADER && live.contains(current.leader())) {
            List<Integer> liveIsr = current.isr().stream().filter(live::contains).toList();
            if (liveIsr.size() == current.isr().size()) {
                return Election.none(Errors.ELECTION_NOT_NEEDED);
            }
            return Election.elected(isrOnly(current, liveIsr, controllerEpoch));
        }
        List<Integer> candidates = inAssignmentOrder(replicas, current.isr(), electable);
        if (!candidates.isEmpty()) {
            List<Integer> liveIsr = current.isr().stream().filter(live::contains).toList();
            return Election.elected(current.newLeader(candidates.get(0), liveIsr, controllerEpoch));
        }
        if (uncleanAllowed) {
            Optional<Election> unclean = uncleanLeader(current, replicas, electable, controllerEpoch);
            if (unclean.isPresent()) {
                return unclean.get();
            }
        }
        if (current.leader() == LeaderAndIsr.NO_LEADER) {
            return Election.none(Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE);
        }
        return Election.elected(current.newLeader(LeaderAndIsr.NO_LEADER, current.isr(), controllerEpoch));
    }

    /**
     * Moves leadership off {@code broker} to another electable ISR member, and takes it out of the
     * ISR where it follows. ELIGIBLE_LEADERS_NOT_AVAILABLE when it leads and no other ISR member can.
     */
    public static Election controlledShutdown(LeaderAndIsr current, List<Integer> replicas, int broker,
                                              Set<Integer> electable, int controllerEpoch) {
        List<Integer> isrWithout = current.isr().stream().filter(id -> id != broker).toList();
        if (current.leader() == broker) {
            List<Integer> candidates = inAssignmentOrder(replicas, isrWithout, electable);
            if (candidates.isEmpty()) {
                return Election.none(Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE);
            }
            return Election.elected(current.newLeader(candidates.get(0), isrWithout, controllerEpoch));
        }
        if (current.isr().contains(broker) && !isrWithout.isEmpty()) {
            return Election.elected(isrOnly(current, isrWithout, controllerEpoch));
        }
        return Election.none(Errors.ELECTION_NOT_NEEDED);
    }

    /**
     * {@code broker}'s replica went offline (its log dir failed, KIP-112): leadership moves to another
     * electable ISR member and {@code broker} leaves the ISR where it follows. When it leads and no other
     * ISR member can, the partition goes offline (leader -1) keeping its ISR, so no acknowledged record
     * is lost and the last in-sync replica leads again once its folder is back.
     */
    public static Election replicaOffline(LeaderAndIsr current, List<Integer> replicas, int broker,
                                          Set<Integer> electable, int controllerEpoch) {
        if (current.leader() == broker) {
            List<Integer> isrWithout = current.isr().stream().filter(id -> id != broker).toList();
            List<Integer> candidates = inAssignmentOrder(replicas, isrWithout, electable);
            return Election.elected(candidates.isEmpty()
                ? current.newLeader(LeaderAndIsr.NO_LEADER, current.isr(), controllerEpoch)
                : current.newLeader(candidates.get(0), isrWithout, controllerEpoch));
        }
        return controlledShutdown(current, replicas, broker, electable, controllerEpoch);
    }

    /** Makes the preferred replica (the assignment's first) the leader, if it is electable and in the ISR. */
    public static Election preferred(LeaderAndIsr current, List<Integer> replicas, Set<Integer> electable,
                                     int controllerEpoch) {
        int preferred = replicas.get(0);
        if (current.leader() == preferred) {
            return Election.none(Errors.ELECTION_NOT_NEEDED);
        }
        if (!electable.contains(preferred) || !current.isr().contains(preferred)) {
            return Election.none(Errors.PREFERRED_LEADER_NOT_AVAILABLE);
        }
        return Election.elected(current.newLeader(preferred, current.isr(), controllerEpoch));
    }

    /**
     * Gives a leaderless partition a leader even from outside the ISR (may lose data); an ISR
     * member is still preferred when one is electable. ELECTION_NOT_NEEDED when the leader lives.
     */
    public static Election unclean(LeaderAndIsr current, List<Integer> replicas, Set<Integer> live,
                                   Set<Integer> electable, int controllerEpoch) {
        if (current.leader() != LeaderAndIsr.NO_LEADER && live.contains(current.leader())) {
            return Election.none(Errors.ELECTION_NOT_NEEDED);
        }
        Election clean = afterBrokerChange(current, replicas, live, electable, false, controllerEpoch);
        if (clean.next().isPresent() && clean.next().get().leader() != LeaderAndIsr.NO_LEADER) {
            return clean;
        }
        return uncleanLeader(current, replicas, electable, controllerEpoch)
            .orElse(Election.none(Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE));
    }

    /**
     * Finishes a reassignment once every target replica is in the ISR: the ISR shrinks to the
     * target, and the leader moves into the target (epoch +1) when it is outside it or not
     * electable. Empty while a target replica is still catching up, or when no target replica can lead.
     */
    public static Optional<LeaderAndIsr> completeReassignment(LeaderAndIsr current, List<Integer> target,
                                                              Set<Integer> electable, int controllerEpoch) {
        if (!current.isr().containsAll(target)) {
            return Optional.empty();
        }
        List<Integer> isr = current.isr().stream().filter(target::contains).toList();
        if (target.contains(current.leader()) && electable.contains(current.leader())) {
            return Optional.of(isrOnly(current, isr, controllerEpoch));
        }
        List<Integer> candidates = inAssignmentOrder(target, isr, electable);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(current.newLeader(candidates.get(0), isr, controllerEpoch));
    }

    private static Optional<Election> uncleanLeader(LeaderAndIsr current, List<Integer> replicas,
                                                    Set<Integer> electable, int controllerEpoch) {
        for (int replica : replicas) {
            if (electable.contains(replica)) {
                return Optional.of(Election.electedUnclean(current.newLeader(replica, List.of(replica), controllerEpoch)));
            }
        }
        return Optional.empty();
    }

    private static LeaderAndIsr isrOnly(LeaderAndIsr current, List<Integer> isr, int controllerEpoch) {
        return new LeaderAndIsr(current.leader(), current.leaderEpoch(), isr, controllerEpoch);
    }

    private static List<Integer> inAssignmentOrder(List<Integer> replicas, List<Integer> isr, Set<Integer> electable) {
        List<Integer> out = new ArrayList<>();
        for (int replica : replicas) {
            if (isr.contains(replica) && electable.contains(replica)) {
                out.add(replica);
            }
        }
        return out;
    }
}
